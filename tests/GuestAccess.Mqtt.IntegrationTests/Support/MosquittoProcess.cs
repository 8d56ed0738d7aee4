using System.Net;
using System.Net.Sockets;

namespace GuestAccess.Mqtt.IntegrationTests.Support;

/// <summary>A Mosquitto broker of its own: free port, config and log in a temp directory, killed on dispose.</summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly string _directory;

    private MosquittoProcess(ExternalProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Log => File.Exists(Path.Combine(_directory, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_directory, "mosquitto.log")) : "";

    public static async Task<MosquittoProcess> StartAsync(string extraConfig = "")
    {
        for (var attempt = 0; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("ga-mosquitto-").FullName;

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
                log_dest file {Path.Combine(directory, "mosquitto.log")}
                log_type error
                log_type warning
                log_type notice
                max_queued_messages 10000
                {extraConfig}
                """);
            var process = ExternalProcess.Start("/usr/sbin/mosquitto", "-c", config);
            var mosquitto = new MosquittoProcess(process, directory, port);
            if (await WaitForPortAsync(port, process))
            {
                return mosquitto;
            }

            var log = mosquitto.Log;
            await mosquitto.DisposeAsync();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"Mosquitto did not start: {process.StandardError}\n{log}");
            }
        }
    }

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the OS.
        }
    }

    private static async Task<bool> WaitForPortAsync(int port, ExternalProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        return false;
    }
}
