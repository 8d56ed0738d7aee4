using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>A broker under test in its own process, so both brokers are measured the same way (RSS from /proc).</summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _directory;

    private BrokerProcess(string name, Process process, int port, string? directory)
    {
        Name = name;
        _process = process;
        Port = port;
        _directory = directory;
    }

    public string Name { get; }

    public int Port { get; }

    public bool IsEmbedded => _directory is null;

    /// <summary>Our broker, hosted by this same program (`mqtt --serve`) in a child process.</summary>
    public static async Task<BrokerProcess> StartEmbeddedAsync(bool inlineCompletions)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };

        // Socket continuations run on the epoll thread instead of hopping to the thread pool (safe: the broker never blocks in them).
        info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = inlineCompletions ? "1" : "0";
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BrokerProcess).Assembly.Location);
        }

        info.ArgumentList.Add("mqtt");
        info.ArgumentList.Add("--serve");
        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The embedded broker did not start.");
        var port = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new BrokerProcess("embedded", process, port, null);
    }

    /// <summary>Mosquitto 2.0 with the same limits as the embedded broker's defaults (100 in flight, large queues), no persistence.</summary>
    public static async Task<BrokerProcess> StartMosquittoAsync()
    {
        var directory = Directory.CreateTempSubdirectory("ga-bench-mosquitto-").FullName;

        // Started as root, Mosquitto drops to the "mosquitto" user: it must be able to write its log here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        }
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_inflight_messages 100
            max_queued_messages 100000
            log_dest file {Path.Combine(directory, "mosquitto.log")}
            log_type error
            log_type warning
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto") { ArgumentList = { "-c", config }, UseShellExecute = false })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
        }

        return new BrokerProcess("mosquitto", process, port, directory);
    }

    /// <summary>Resident set size of the broker process. The embedded broker first runs a full GC so only live memory counts.</summary>
    public async Task<long> ResidentBytesAsync()
    {
        if (IsEmbedded)
        {
            await _process.StandardInput.WriteLineAsync("gc");
            await _process.StandardOutput.ReadLineAsync();
        }

        foreach (var line in await File.ReadAllLinesAsync($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS.");
    }

    /// <summary>CPU time (user + system) the broker process has used so far, from /proc/{pid}/stat.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>The embedded broker's own counters (a diagnostic line), or null for Mosquitto.</summary>
    public async Task<string?> StatsAsync()
    {
        if (!IsEmbedded)
        {
            return null;
        }

        await _process.StandardInput.WriteLineAsync("stats");
        return await _process.StandardOutput.ReadLineAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
