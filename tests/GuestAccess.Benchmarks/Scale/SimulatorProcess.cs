using System.Diagnostics;
using System.Globalization;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>The benchmark's side of <see cref="SimulatorHost"/>: one simulator child process and its commands.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _dumpPath;

    private SimulatorProcess(Process process, string dumpPath)
    {
        _process = process;
        _dumpPath = dumpPath;
    }

    public int Pid => _process.Id;

    public static SimulatorProcess Start(string bundlePath, string stateDirectory, int? brokerPort)
    {
        var info = SelfStart("scale", "--simulator", bundlePath, stateDirectory);
        if (brokerPort is { } port)
        {
            info.ArgumentList.Add("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        }

        info.RedirectStandardError = true;
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new SimulatorProcess(process, Path.Combine(stateDirectory, "..", $"dump-{process.Id}.txt"));
    }

    /// <summary>This benchmark binary again, with the given arguments, stdin and stdout redirected.</summary>
    public static ProcessStartInfo SelfStart(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SimulatorProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>Boots every lock and waits until all are connected; the time it took.</summary>
    public async Task<TimeSpan> ConnectAsync() => TimeSpan.FromMilliseconds(double.Parse((await SendAsync("connect"))[0], CultureInfo.InvariantCulture));

    /// <summary>Entries per second across the fleet (0 stops); returns the attempts the previous rate made.</summary>
    public async Task<long> SetRateAsync(double rate) => long.Parse((await SendAsync(string.Create(CultureInfo.InvariantCulture, $"rate {rate}")))[0], CultureInfo.InvariantCulture);

    public Task OfflineAsync(int locks, TimeSpan duration) => SendAsync(string.Create(CultureInfo.InvariantCulture, $"offline {locks} {duration.TotalSeconds}"));

    /// <summary>Every lock publishes its status now (what its periodic status would say later).</summary>
    public Task PublishStatusAsync() => SendAsync("status");

    /// <summary>Every lock's last event sequence number, unconfirmed events and connection.</summary>
    public async Task<SimulatorDump> DumpAsync()
    {
        await SendAsync("dump " + _dumpPath);
        var locks = new Dictionary<string, (long Last, int Pending, bool Connected)>(StringComparer.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(_dumpPath))
        {
            var f = line.Split(' ');
            locks[f[0]] = (long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3] == "1");
        }

        return new SimulatorDump(locks);
    }

    /// <summary>The production instant (Unix microseconds) of every event since the last call, by (lock, sequence).</summary>
    public async Task<Dictionary<(string Lock, long Sequence), long>> TimesAsync()
    {
        var path = _dumpPath + ".times";
        await SendAsync("times " + path);
        var times = new Dictionary<(string, long), long>();
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            var f = line.Split(' ');
            times[(f[0], long.Parse(f[1], CultureInfo.InvariantCulture))] = long.Parse(f[2], CultureInfo.InvariantCulture);
        }

        return times;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _gate.Dispose();
    }

    private async Task<string[]> SendAsync(string command)
    {
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            var answer = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The simulator process ended.");
            return answer.StartsWith("OK", StringComparison.Ordinal)
                ? answer.Split(' ')[1..]
                : throw new InvalidOperationException($"simulator: {command}: {answer}");
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal sealed record SimulatorDump(IReadOnlyDictionary<string, (long Last, int Pending, bool Connected)> Locks)
{
    public long Produced => Locks.Values.Sum(l => l.Last);

    public long Pending => Locks.Values.Sum(l => (long)l.Pending);

    public int Connected => Locks.Values.Count(l => l.Connected);
}
