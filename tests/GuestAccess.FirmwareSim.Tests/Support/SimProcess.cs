using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// The real <c>guestaccess-sim</c> binary in a process of its own (the build output next to the
/// tests), with its output captured; killed (SIGKILL) on dispose if it still runs.
/// </summary>
public sealed class SimProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();

    private SimProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SimProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "guestaccess-sim.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var sim = new SimProcess(process);
        process.OutputDataReceived += (_, e) => sim.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => sim.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sim;
    }

    /// <summary>Waits for the line the simulator prints with its control surface address.</summary>
    public async Task<Uri> WaitForControlAddressAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
            {
                if (line.StartsWith("control: ", StringComparison.Ordinal))
                {
                    return new Uri(line["control: ".Length..]);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException("guestaccess-sim printed no control address:\n" + Output);
    }

    /// <summary>kill -9: no chance to flush, publish or say goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }
}
