using System.Collections.Concurrent;
using System.Text;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt.Server;
using Microsoft.Extensions.Options;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// Our embedded broker on 127.0.0.1 and an OS-chosen port, with the lock fleet's access rules:
/// per-lock passwords, a lock touches only its own topics (<see cref="LockTopicAcl"/>), and the
/// test server may read every lock topic and publish commands.
/// </summary>
public sealed class TestBroker : IMqttAuthenticator, IMqttAuthorizer, IBrokerUnderTest
{
    public const string ServerUser = IBrokerUnderTest.ServerUser;

    private readonly ConcurrentDictionary<string, string> _passwords = new(StringComparer.Ordinal);

    private TestBroker(LogCapture logs, TestCertificates? tls)
    {
        Tls = tls;
        Broker = new MqttBroker(
            Options.Create(new MqttBrokerOptions { Port = 0, BindAddress = "127.0.0.1", TlsCertificate = tls?.Server }),
            logs,
            authenticator: this,
            authorizer: this);
    }

    public MqttBroker Broker { get; }

    public int Port => Broker.Port;

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public string ServerPassword { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Set when the broker speaks TLS (clients must trust its CA).</summary>
    public TestCertificates? Tls { get; }

    public static async Task<TestBroker> StartAsync(LogCapture logs) => await StartAsync(logs, tls: null);

    public static async Task<TestBroker> StartAsync(LogCapture logs, TestCertificates? tls)
    {
        var broker = new TestBroker(logs, tls);
        broker._passwords[ServerUser] = broker.ServerPassword;
        await broker.Broker.StartAsync(CancellationToken.None);
        return broker;
    }

    public void AddUser(string username, string password) => _passwords[username] = password;

    public Task EnsureStartedAsync() => Task.CompletedTask;

    public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var ok = request.Username is { } user && request.Password is { } password
            && _passwords.TryGetValue(user, out var expected)
            && Encoding.UTF8.GetString(password.Span) == expected
            && (user == ServerUser || request.ClientId == user);
        return ValueTask.FromResult(ok ? MqttAuthenticationResult.Accept(request.Username) : MqttAuthenticationResult.Reject());
    }

    public bool CanPublish(MqttClientContext client, string topic) => CanPublish(client, topic, retain: false);

    /// <summary>The broker calls this for every PUBLISH and for the will, with its retain flag.</summary>
    public bool CanPublish(MqttClientContext client, string topic, bool retain)
    {
        if (client.Principal is ServerUser)
        {
            return LockTopicAcl.ServerMayPublish(topic, retain);
        }

        return client.Principal is string user && LockId.TryParse(user, out var lockId) && LockTopicAcl.MayPublish(lockId, topic, retain);
    }

    public bool CanSubscribe(MqttClientContext client, string topicFilter)
    {
        if (client.Principal is ServerUser)
        {
            return LockTopics.All.Any(t => t.AllLocksFilter == topicFilter);
        }

        return client.Principal is string user && LockId.TryParse(user, out var lockId) && LockTopicAcl.MaySubscribe(lockId, topicFilter);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        Tls?.Dispose();
    }
}
