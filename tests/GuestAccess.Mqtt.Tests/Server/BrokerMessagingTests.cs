using System.Text;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>Client and broker over the in-memory transport: delivery, retained messages, wills, sessions, shared subscriptions.</summary>
public sealed class BrokerMessagingTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    public async Task Publish_MatchingSubscriber_ReceivesMessage(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "locks/+/events", version);
        var publisher = harness.CreateClient("pub", version);
        await publisher.ConnectAsync();

        var result = await publisher.PublishAsync(BrokerHarness.Message("locks/L1/events", "opened", qos));

        Assert.True(result.IsSuccess);
        var received = await inbox.NextAsync();
        Assert.Equal("locks/L1/events", received.Topic);
        Assert.Equal("opened", received.Text());
        Assert.Equal(qos, received.QualityOfService);
        Assert.False(received.Retain);
    }

    [Fact]
    public async Task Publish_V5Properties_ArriveUnchanged()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "rpc/request");
        var publisher = harness.CreateClient("pub");
        await publisher.ConnectAsync();

        await publisher.PublishAsync(new MqttApplicationMessage
        {
            Topic = "rpc/request",
            Payload = "{}"u8.ToArray(),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            ResponseTopic = "rpc/response/pub",
            CorrelationData = new byte[] { 7, 7 },
            ContentType = "application/json",
            PayloadIsUtf8 = true,
            UserProperties = [new("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")],
        });

        var received = await inbox.NextAsync();
        Assert.Equal("rpc/response/pub", received.ResponseTopic);
        Assert.Equal(new byte[] { 7, 7 }, received.CorrelationData!.Value.ToArray());
        Assert.Equal("application/json", received.ContentType);
        Assert.True(received.PayloadIsUtf8);
        Assert.Equal("traceparent", Assert.Single(received.UserProperties).Name);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Retained_NewSubscriber_GetsLastRetainedAndClearedTopicsStayEmpty(MqttProtocolVersion version)
    {
        await using var harness = new BrokerHarness();
        var publisher = harness.CreateClient("pub", version);
        await publisher.ConnectAsync();
        await publisher.PublishAsync(BrokerHarness.Message("status/L1", "offline", retain: true));
        await publisher.PublishAsync(BrokerHarness.Message("status/L1", "online", retain: true));
        await publisher.PublishAsync(BrokerHarness.Message("status/L2", "online", retain: true));
        await publisher.PublishAsync(new MqttApplicationMessage { Topic = "status/L2", Retain = true, QualityOfService = MqttQualityOfService.AtLeastOnce });

        var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "status/#", version);
        var retained = await inbox.NextAsync();
        Assert.Equal("status/L1", retained.Topic);
        Assert.Equal("online", retained.Text());
        Assert.True(retained.Retain);

        await publisher.PublishAsync(BrokerHarness.Message("status/marker", "m"));
        Assert.Equal("status/marker", (await inbox.NextAsync()).Topic);
        Assert.Equal(1, harness.Broker.RetainedMessageCount);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Will_AbruptDisconnect_IsPublishedButNotAfterCleanDisconnect(MqttProtocolVersion version)
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("watcher", "status/+", version);
        var will = BrokerHarness.Message("status/L1", "offline", retain: true);
        var polite = harness.CreateClient("polite", version, o => new MqttClientOptions { ClientId = o.ClientId, ProtocolVersion = version, ChannelFactory = o.ChannelFactory, Will = BrokerHarness.Message("status/polite", "offline") });
        await polite.ConnectAsync();
        await polite.DisconnectAsync();

        var locked = harness.CreateClient("L1", version, o => new MqttClientOptions { ClientId = o.ClientId, ProtocolVersion = version, ChannelFactory = o.ChannelFactory, Will = will, AutoReconnect = false });
        await locked.ConnectAsync();
        harness.LastChannel!.Abort();

        var received = await inbox.NextAsync();
        Assert.Equal("status/L1", received.Topic);
        Assert.Equal("offline", received.Text());
        Assert.False(inbox.TryTake(out _));
    }

    [Fact]
    public async Task Will_V5DelayAndQuickReconnect_IsNotPublished()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("watcher", "status/+");
        MqttClientOptions Options(MqttClientOptions o) => new()
        {
            ClientId = "L1",
            ChannelFactory = o.ChannelFactory,
            CleanStart = false,
            SessionExpiryInterval = 60,
            WillDelayInterval = 2,
            AutoReconnect = false,
            Will = BrokerHarness.Message("status/L1", "offline"),
        };
        var first = harness.CreateClient("L1", configure: Options);
        await first.ConnectAsync();
        harness.LastChannel!.Abort();
        await WaitUntilAsync(() => !first.IsConnected);
        var second = harness.CreateClient("L1", configure: Options);
        var result = await second.ConnectAsync();
        Assert.True(result.SessionPresent);

        var publisher = harness.CreateClient("pub");
        await publisher.ConnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await publisher.PublishAsync(BrokerHarness.Message("status/marker", "m"));
        Assert.Equal("status/marker", (await inbox.NextAsync()).Topic);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PersistentSession_MessagesWhileOffline_DeliveredOnResume(MqttProtocolVersion version)
    {
        await using var harness = new BrokerHarness();
        MqttClientOptions Persistent(MqttClientOptions o) => new()
        {
            ClientId = "server-1",
            ProtocolVersion = version,
            ChannelFactory = o.ChannelFactory,
            CleanStart = false,
            SessionExpiryInterval = 300,
        };
        var first = harness.CreateClient("server-1", version, Persistent);
        await first.ConnectAsync();
        await first.SubscribeAsync("events/#");
        await first.DisconnectAsync();

        var publisher = harness.CreateClient("pub", version);
        await publisher.ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(BrokerHarness.Message("events/e", i.ToString()));
        }

        var inbox = new MessageInbox();
        var resumed = harness.CreateClient("server-1", version, Persistent);
        resumed.MessageReceivedAsync = inbox.Handle;
        var result = await resumed.ConnectAsync();

        Assert.True(result.SessionPresent);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i.ToString(), (await inbox.NextAsync()).Text());
        }
    }

    [Fact]
    public async Task CleanStart_ExistingSession_IsDiscarded()
    {
        await using var harness = new BrokerHarness();
        var first = harness.CreateClient("c", configure: o => new MqttClientOptions { ClientId = "c", ChannelFactory = o.ChannelFactory, CleanStart = false, SessionExpiryInterval = 300 });
        await first.ConnectAsync();
        await first.SubscribeAsync("x");
        await first.DisconnectAsync();
        var second = harness.CreateClient("c");
        var result = await second.ConnectAsync();
        Assert.False(result.SessionPresent);
    }

    [Fact]
    public async Task Qos1_HandlerFailsOnce_MessageRedeliveredWithDupAfterReconnect()
    {
        await using var harness = new BrokerHarness();
        harness.Logs.ExpectedErrorEventIds.Add(2004);
        var attempts = new List<MqttReceivedMessage>();
        var delivered = new TaskCompletionSource<MqttReceivedMessage>();
        var subscriber = harness.CreateClient("sub", configure: o => new MqttClientOptions
        {
            ClientId = "sub",
            ChannelFactory = o.ChannelFactory,
            CleanStart = false,
            SessionExpiryInterval = 300,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        subscriber.MessageReceivedAsync = (message, _) =>
        {
            attempts.Add(message);
            if (attempts.Count == 1)
            {
                throw new InvalidOperationException("simulated crash before handling");
            }

            delivered.TrySetResult(message);
            return ValueTask.CompletedTask;
        };
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("cmd");
        var publisher = harness.CreateClient("pub");
        await publisher.ConnectAsync();

        await publisher.PublishAsync(BrokerHarness.Message("cmd", "grant"));

        var redelivered = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("grant", redelivered.Text());
        Assert.True(redelivered.Dup);
        Assert.True(harness.Logs.Logged(2004));
    }

    [Fact]
    public async Task SharedSubscription_TwoMembers_SplitLoadAndLoseNothing()
    {
        await using var harness = new BrokerHarness();
        var (_, a) = await harness.ConnectSubscriberAsync("a", "$share/workers/jobs/+");
        var (_, b) = await harness.ConnectSubscriberAsync("b", "$share/workers/jobs/+");
        var (_, all) = await harness.ConnectSubscriberAsync("monitor", "jobs/#");
        var publisher = harness.CreateClient("pub");
        await publisher.ConnectAsync();

        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync(BrokerHarness.Message("jobs/j", i.ToString()));
        }

        for (var i = 0; i < 20; i++)
        {
            await all.NextAsync();
        }

        await WaitUntilAsync(() => a.Count + b.Count == 20);
        Assert.InRange(a.Count, 5, 15);
        Assert.InRange(b.Count, 5, 15);
    }

    [Fact]
    public async Task NoLocal_And_SubscriptionIdentifier_AreHonoured()
    {
        await using var harness = new BrokerHarness();
        var inbox = new MessageInbox();
        var client = harness.CreateClient("self");
        client.MessageReceivedAsync = inbox.Handle;
        await client.ConnectAsync();
        await client.SubscribeAsync([new MqttTopicFilter("echo/#", MqttQualityOfService.AtLeastOnce, NoLocal: true)], subscriptionIdentifier: 42);
        var other = harness.CreateClient("other");
        await other.ConnectAsync();

        await client.PublishAsync(BrokerHarness.Message("echo/mine", "x"));
        await other.PublishAsync(BrokerHarness.Message("echo/theirs", "y"));

        var received = await inbox.NextAsync();
        Assert.Equal("echo/theirs", received.Topic);
        Assert.Equal(42u, Assert.Single(received.SubscriptionIdentifiers));
    }

    [Fact]
    public async Task InProcessPublish_ReachesSubscriber()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("lock", "locks/L1/commands");
        harness.Broker.Publish(new MqttApplicationMessage { Topic = "locks/L1/commands", Payload = Encoding.UTF8.GetBytes("sync"), QualityOfService = MqttQualityOfService.AtLeastOnce });
        Assert.Equal("sync", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task MessageExpiry_ExpiredWhileOffline_IsNotDelivered()
    {
        await using var harness = new BrokerHarness();
        MqttClientOptions Persistent(MqttClientOptions o) => new() { ClientId = "s", ChannelFactory = o.ChannelFactory, CleanStart = false, SessionExpiryInterval = 60 };
        var first = harness.CreateClient("s", configure: Persistent);
        await first.ConnectAsync();
        await first.SubscribeAsync("t");
        await first.DisconnectAsync();
        var publisher = harness.CreateClient("p");
        await publisher.ConnectAsync();
        await publisher.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = "old"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, MessageExpiryInterval = 1 });
        await publisher.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = "fresh"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, MessageExpiryInterval = 60 });
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        var inbox = new MessageInbox();
        var second = harness.CreateClient("s", configure: Persistent);
        second.MessageReceivedAsync = inbox.Handle;
        await second.ConnectAsync();
        var received = await inbox.NextAsync();
        Assert.Equal("fresh", received.Text());
        Assert.InRange(received.MessageExpiryInterval!.Value, 1u, 60u);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
