using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.IntegrationTests.Support;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>Our client against a real Mosquitto 2.0 started by the test on a free port.</summary>
public sealed class OurClientWithMosquittoTests : IAsyncLifetime
{
    private readonly RecordingLoggerFactory _logs = new();
    private readonly List<MqttClient> _clients = [];
    private MosquittoProcess _mosquitto = null!;

    public async Task InitializeAsync() => _mosquitto = await MosquittoProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _mosquitto.DisposeAsync();
        _logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PublishSubscribe_RetainedAndLive_Delivered(MqttProtocolVersion version)
    {
        var publisher = Create("pub", version);
        await publisher.Client.ConnectAsync();
        await publisher.Client.PublishAsync(TcpClientHandle.Message("ga/status/L1", "online", retain: true));

        var inbox = new MessageInbox();
        var subscriber = Create("sub", version);
        subscriber.Client.MessageReceivedAsync = inbox.Handle;
        await subscriber.Client.ConnectAsync();
        Assert.True((await subscriber.Client.SubscribeAsync("ga/#")).AllGranted);

        var retained = await inbox.NextAsync();
        Assert.Equal(("ga/status/L1", "online", true), (retained.Topic, retained.Text(), retained.Retain));
        await publisher.Client.PublishAsync(TcpClientHandle.Message("ga/events/L1", "entry"));
        var live = await inbox.NextAsync();
        Assert.Equal(("ga/events/L1", "entry", false), (live.Topic, live.Text(), live.Retain));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Will_AbruptDisconnect_PublishedByMosquitto(MqttProtocolVersion version)
    {
        var inbox = new MessageInbox();
        var watcher = Create("watcher", version);
        watcher.Client.MessageReceivedAsync = inbox.Handle;
        await watcher.Client.ConnectAsync();
        await watcher.Client.SubscribeAsync("ga/status/+");
        var lockClient = Create("L1", version, o => With(o, will: TcpClientHandle.Message("ga/status/L1", "offline"), autoReconnect: false));
        await lockClient.Client.ConnectAsync();

        lockClient.Channel!.Abort();

        var will = await inbox.NextAsync();
        Assert.Equal(("ga/status/L1", "offline"), (will.Topic, will.Text()));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PersistentSession_HandlerCrashBeforeAck_RedeliveredByMosquittoWithDup(MqttProtocolVersion version)
    {
        _logs.ExpectedErrorEventIds.Add(2004);
        var attempts = 0;
        var delivered = new TaskCompletionSource<MqttReceivedMessage>();
        var subscriber = Create("server-1", version, o => With(o, persistent: true));
        subscriber.Client.MessageReceivedAsync = (message, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw new InvalidOperationException("crash before the command was applied");
            }

            delivered.TrySetResult(message);
            return ValueTask.CompletedTask;
        };
        await subscriber.Client.ConnectAsync();
        await subscriber.Client.SubscribeAsync("ga/commands/L1");
        var publisher = Create("pub", version);
        await publisher.Client.ConnectAsync();

        await publisher.Client.PublishAsync(TcpClientHandle.Message("ga/commands/L1", "grant-42"));

        var message = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("grant-42", message.Text());
        Assert.True(message.Dup);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PersistentSession_OfflineMessages_ResumedFromMosquitto(MqttProtocolVersion version)
    {
        var first = Create("server-2", version, o => With(o, persistent: true));
        await first.Client.ConnectAsync();
        await first.Client.SubscribeAsync("ga/events/#");
        await first.Client.DisconnectAsync();
        var publisher = Create("pub", version);
        await publisher.Client.ConnectAsync();
        await publisher.Client.PublishAsync(TcpClientHandle.Message("ga/events/L1", "while-offline"));

        var inbox = new MessageInbox();
        var second = Create("server-2", version, o => With(o, persistent: true));
        second.Client.MessageReceivedAsync = inbox.Handle;
        var result = await second.Client.ConnectAsync();

        Assert.True(result.SessionPresent);
        Assert.Equal("while-offline", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task SharedSubscription_V5_MosquittoSplitsLoad()
    {
        var a = new MessageInbox();
        var b = new MessageInbox();
        foreach (var (name, inbox) in new[] { ("a", a), ("b", b) })
        {
            var member = Create("worker-" + name, MqttProtocolVersion.V500);
            member.Client.MessageReceivedAsync = inbox.Handle;
            await member.Client.ConnectAsync();
            await member.Client.SubscribeAsync("$share/workers/ga/events/+");
        }

        var publisher = Create("pub", MqttProtocolVersion.V500);
        await publisher.Client.ConnectAsync();
        for (var i = 0; i < 20; i++)
        {
            await publisher.Client.PublishAsync(TcpClientHandle.Message("ga/events/L1", i.ToString()));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (a.Count + b.Count < 20)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.True(a.Count > 0 && b.Count > 0, $"a={a.Count} b={b.Count}");
    }

    [Fact]
    public async Task V5Properties_PassThroughMosquitto()
    {
        var inbox = new MessageInbox();
        var responder = Create("responder", MqttProtocolVersion.V500);
        responder.Client.MessageReceivedAsync = inbox.Handle;
        await responder.Client.ConnectAsync();
        await responder.Client.SubscribeAsync("ga/rpc");
        var requester = Create("requester", MqttProtocolVersion.V500);
        await requester.Client.ConnectAsync();

        await requester.Client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "ga/rpc",
            Payload = "{}"u8.ToArray(),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            ResponseTopic = "ga/rpc/reply",
            CorrelationData = new byte[] { 1, 2 },
            UserProperties = [new("traceparent", "00-abc-01")],
        });

        var request = await inbox.NextAsync();
        Assert.Equal("ga/rpc/reply", request.ResponseTopic);
        Assert.Equal(new byte[] { 1, 2 }, request.CorrelationData!.Value.ToArray());
        Assert.Equal(new MqttUserProperty("traceparent", "00-abc-01"), Assert.Single(request.UserProperties));
    }

    private static MqttClientOptions With(MqttClientOptions o, MqttApplicationMessage? will = null, bool autoReconnect = true, bool persistent = false) => new()
    {
        ClientId = o.ClientId,
        ProtocolVersion = o.ProtocolVersion,
        ChannelFactory = o.ChannelFactory,
        Will = will,
        AutoReconnect = autoReconnect,
        CleanStart = !persistent,
        SessionExpiryInterval = persistent ? 300u : 0,
        ReconnectMinDelay = o.ReconnectMinDelay,
        ReconnectMaxDelay = o.ReconnectMaxDelay,
    };

    private TcpClientHandle Create(string clientId, MqttProtocolVersion version, Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        var handle = TcpClientHandle.Create(_mosquitto.Port, _logs, clientId + "-" + (int)version, version, configure);
        _clients.Add(handle.Client);
        return handle;
    }
}

internal static class ReceivedMessageExtensions
{
    public static string Text(this MqttReceivedMessage message) => System.Text.Encoding.UTF8.GetString(message.Payload.Span);
}
