using System.Diagnostics;
using System.Text;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>The server binary as a real child process (to kill it hard, as a crash would).</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

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

    public static ServerProcess Start(string dataDirectory, int brokerPort, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" },
        };
        foreach (var arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll"),
            "serve",
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={dataDirectory}",
            $"--Mqtt:Broker:Port={brokerPort}",
            "--Seed:DemoAccounts=false",
            .. settings])
        {
            start.ArgumentList.Add(arg);
        }

        return new ServerProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM (what docker stop and systemd send) and waits for the process to end; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing graceful.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
