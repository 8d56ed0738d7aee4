using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// Mosquitto 2.0 for the whole system: the password and ACL files `locks mosquitto-config` wrote
/// (include_dir), no persistence, a fixed loopback port so it can be killed and started again.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _config;
    private Process? _process;

    private MosquittoBroker(string directory, int port)
    {
        Port = port;
        _config = Path.Combine(directory, "mosquitto.conf");
    }

    public int Port { get; }

    public int Pid => _process?.Id ?? 0;

    public static async Task<MosquittoBroker> StartAsync(ScaleDatabase database)
    {
        var dataDirectory = database.DataDirectory;
        var files = Path.Combine(dataDirectory, "mosquitto-files");
        await ServerProcess.RunVerbAsync(database, "locks", "mosquitto-config", "--out", files);
        var broker = new MosquittoBroker(dataDirectory, ServerProcess.FreePort());
        await File.WriteAllTextAsync(broker._config, $"""
            user root
            listener {broker.Port} 127.0.0.1
            persistence false
            max_queued_messages 100000
            max_inflight_messages 100
            log_dest file {Path.Combine(dataDirectory, "mosquitto.log")}
            log_type error
            log_type warning
            include_dir {files}

            """);
        await broker.StartProcessAsync();
        return broker;
    }

    /// <summary>Kills the broker (every client sees its connection drop) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private async Task StartProcessAsync()
    {
        // Its console output (a warning about running as root) is not ours to print; the log file has what matters.
        _process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", _config]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(20);
            }
        }
    }
}
