using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// A real Mosquitto 2.0 (Debian's /usr/sbin/mosquitto) on a fixed loopback port, configured with
/// the files <c>GuestAccess.Server locks mosquitto-config</c> wrote (included with include_dir).
/// It can be restarted on the same port; disposing kills it.
/// </summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private readonly string _config;
    private Process? _process;

    private Mosquitto(string directory, int port)
    {
        Directory = directory;
        Port = port;
        _config = Path.Combine(directory, "mosquitto.conf");
    }

    public string Directory { get; }

    public int Port { get; }

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    private string LogPath => Path.Combine(Directory, "mosquitto.log");

    /// <summary>Starts Mosquitto with <paramref name="includeDirectory"/> (our generated fragment, password and ACL files).</summary>
    public static async Task<Mosquitto> StartAsync(string directory, string includeDirectory) =>
        await StartAsync(directory, includeDirectory, string.Empty);

    /// <summary>Like <see cref="StartAsync(string, string)"/>, with settings for the listener (e.g. TLS files).</summary>
    public static async Task<Mosquitto> StartAsync(string directory, string includeDirectory, string listenerSettings)
    {
        var mosquitto = new Mosquitto(directory, FleetHost.FreePort());
        // Run as root here so it reads our 0600 password file (in production: chown it to the mosquitto user).
        await File.WriteAllTextAsync(mosquitto._config, $"""
            user root
            listener {mosquitto.Port} 127.0.0.1
            {listenerSettings}
            persistence false
            max_queued_messages 10000
            log_dest file {mosquitto.LogPath}
            log_type error
            log_type warning
            log_type notice
            include_dir {includeDirectory}

            """);
        await mosquitto.StartProcessAsync();
        return mosquitto;
    }

    /// <summary>Kills the broker (clients see the connection drop) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", _config]) { RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(start)!;
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
            catch (SocketException)
            {
                throw new InvalidOperationException($"Mosquitto did not start on port {Port}: {await _process.StandardError.ReadToEndAsync()}\n{Log}");
            }
        }
    }
}
