using System.Text;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Server;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>What the host application can do to clients: retain-aware authorization and forced disconnects.</summary>
public sealed class BrokerHostControlTests
{
    private static MqttClientOptions Credentials(MqttClientOptions o, string user, string password, MqttApplicationMessage? will = null, bool cleanStart = true) => new()
    {
        ClientId = o.ClientId,
        ProtocolVersion = o.ProtocolVersion,
        ChannelFactory = o.ChannelFactory,
        Username = user,
        Password = Encoding.UTF8.GetBytes(password),
        AutoReconnect = false,
        Will = will,
        CleanStart = cleanStart,
        SessionExpiryInterval = cleanStart ? 0u : 3600u,
    };

    [Fact]
    public async Task Publish_RetainedWhereOnlyUnretainedIsAllowed_RefusedWith0x87()
    {
        var hooks = new RetainAwareHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var (_, inbox) = await harness.ConnectSubscriberAsync("server", "guestaccess/v1/locks/#", configure: o => Credentials(o, "server", "server-secret"));
        var lock1 = harness.CreateClient("L1", configure: o => Credentials(o, "L1", "secret-1"));
        await lock1.ConnectAsync();

        var retainedEvent = await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L1/events", "retained", retain: true));
        var retainedStatus = await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L1/status", "online", retain: true));

        Assert.Equal(MqttReasonCode.NotAuthorized, retainedEvent.ReasonCode);
        Assert.True(retainedStatus.IsSuccess);
        Assert.Equal("online", (await inbox.NextAsync()).Text());
        Assert.False(inbox.TryTake(out _));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Connect_WillRetainFlag_CheckedByRetainAwareAuthorizer(bool retain, bool accepted)
    {
        var hooks = new RetainAwareHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var will = BrokerHarness.Message(LockAccessHooks.Prefix + "L1/status", "offline", retain: retain);
        var client = harness.CreateClient("L1", configure: o => Credentials(o, "L1", "secret-1", will));

        if (accepted)
        {
            await client.ConnectAsync();
            Assert.Equal(1, harness.Broker.ClientCount);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
            Assert.Equal(MqttReasonCode.NotAuthorized, ex.ReasonCode);
        }
    }

    [Fact]
    public async Task DisconnectClient_Connected_ClosesWithAdministrativeActionPublishesWillAndDiscardsSession()
    {
        var hooks = new RetainAwareHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var (_, inbox) = await harness.ConnectSubscriberAsync("server", "guestaccess/v1/locks/+/status", configure: o => Credentials(o, "server", "server-secret"));
        var will = BrokerHarness.Message(LockAccessHooks.Prefix + "L1/status", "offline", retain: true);
        var lock1 = harness.CreateClient("L1", configure: o => Credentials(o, "L1", "secret-1", will, cleanStart: false));
        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock1.DisconnectedAsync = info =>
        {
            disconnected.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        await lock1.ConnectAsync();

        Assert.True(await harness.Broker.DisconnectClientAsync("L1"));

        var info = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttReasonCode.AdministrativeAction, info.ServerReasonCode);
        Assert.Equal("offline", (await inbox.NextAsync()).Text());
        await WaitUntilAsync(() => harness.Broker.SessionCount == 1); // only the server's session is left
        Assert.Equal(1, harness.Broker.ClientCount);
    }

    [Fact]
    public async Task DisconnectClient_UnknownClient_ReturnsFalse()
    {
        await using var harness = new BrokerHarness();
        Assert.False(await harness.Broker.DisconnectClientAsync("nobody"));
    }

    [Fact]
    public async Task DisconnectClient_OfflinePersistentSession_DiscardsQueuedMessages()
    {
        var hooks = new RetainAwareHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var lock1 = harness.CreateClient("L1", configure: o => Credentials(o, "L1", "secret-1", cleanStart: false));
        await lock1.ConnectAsync();
        await lock1.SubscribeAsync(LockAccessHooks.Prefix + "L1/commands");
        await lock1.DisconnectAsync();
        Assert.Equal(1, harness.Broker.SessionCount);

        Assert.True(await harness.Broker.DisconnectClientAsync("L1"));

        Assert.Equal(0, harness.Broker.SessionCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Lock rules with the retain flag: status retained, everything else not.</summary>
    private sealed class RetainAwareHooks : IMqttAuthenticator, IMqttAuthorizer
    {
        private readonly LockAccessHooks _inner = new();

        public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken) =>
            _inner.AuthenticateAsync(request, cancellationToken);

        public bool CanPublish(MqttClientContext client, string topic) => throw new InvalidOperationException("The broker must call the retain-aware overload.");

        public bool CanPublish(MqttClientContext client, string topic, bool retain) =>
            _inner.CanPublish(client, topic) && (client.Principal is "server" || retain == topic.EndsWith("/status", StringComparison.Ordinal));

        public bool CanSubscribe(MqttClientContext client, string topicFilter) => _inner.CanSubscribe(client, topicFilter);
    }
}
