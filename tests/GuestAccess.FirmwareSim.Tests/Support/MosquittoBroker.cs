using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// A Mosquitto 2 of its own (/usr/sbin/mosquitto): a free port, a password file and an ACL that
/// binds each lock to its own topics, in a temp directory; can be restarted on the same port.
/// </summary>
public sealed class MosquittoBroker : IBrokerUnderTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ga-sim-mosquitto-").FullName;
    private readonly Dictionary<string, string> _users = [];
    private Process? _process;

    private MosquittoBroker(int port) => Port = port;

    public int Port { get; }

    public string ServerPassword { get; } = RandomNumberGenerator.GetHexString(24);

    public static Task<IBrokerUnderTest> CreateAsync(LogCapture logs) => Task.FromResult<IBrokerUnderTest>(new MosquittoBroker(FreePort()));

    public void AddUser(string username, string password) => _users[username] = password;

    public async Task EnsureStartedAsync()
    {
        if (_process is not null)
        {
            return;
        }

        var passwords = Path.Combine(_directory, "passwords");
        await File.WriteAllLinesAsync(passwords, _users.Append(new(IBrokerUnderTest.ServerUser, ServerPassword)).Select(u => $"{u.Key}:{u.Value}"));
        await RunAsync("/usr/bin/mosquitto_passwd", "-U", passwords);
        await File.WriteAllTextAsync(Path.Combine(_directory, "acl"), $"""
            user {IBrokerUnderTest.ServerUser}
            topic read guestaccess/v1/locks/+/replies
            topic read guestaccess/v1/locks/+/events
            topic read guestaccess/v1/locks/+/status
            topic write guestaccess/v1/locks/+/commands

            pattern read guestaccess/v1/locks/%u/commands
            pattern write guestaccess/v1/locks/%u/replies
            pattern write guestaccess/v1/locks/%u/events
            pattern write guestaccess/v1/locks/%u/status

            """);
        // 'user' keeps Mosquitto in the account that owns the temp directory (it would drop to 'mosquitto' when started as root).
        await File.WriteAllTextAsync(Path.Combine(_directory, "mosquitto.conf"), $"""
            user {Environment.UserName}
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(_directory, "acl")}
            persistence false
            max_queued_messages 10000
            log_dest file {Path.Combine(_directory, "mosquitto.log")}

            """);
        await StartProcessAsync();
    }

    /// <summary>Stops Mosquitto (SIGKILL: sessions and queued messages are gone, as after a crash) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        _process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto") { ArgumentList = { "-c", Path.Combine(_directory, "mosquitto.conf") }, UseShellExecute = false, RedirectStandardError = true });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        var log = Path.Combine(_directory, "mosquitto.log");
        throw new InvalidOperationException("Mosquitto did not start: " + (File.Exists(log) ? await File.ReadAllTextAsync(log) : await _process!.StandardError.ReadToEndAsync()));
    }

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

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
