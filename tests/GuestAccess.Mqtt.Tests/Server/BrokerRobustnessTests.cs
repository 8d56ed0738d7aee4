using System.Globalization;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Server;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>Hostile or broken peers against the broker: protocol violations, silence, oversize packets, takeovers, shutdown.</summary>
public sealed class BrokerRobustnessTests
{
    private static ConnectPacket Connect(MqttProtocolVersion version, string clientId = "raw", ushort keepAlive = 0) =>
        new() { ProtocolVersion = version, ClientId = clientId, KeepAliveSeconds = keepAlive };

    [Fact]
    public async Task MalformedPacket_V5_GetsDisconnect0x81AndOthersUnaffected()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("good", "t");
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V500);
        await raw.SendAsync(Connect(MqttProtocolVersion.V500));
        await raw.ExpectAsync<ConnAckPacket>();

        await raw.SendBytesAsync([0x30, 0x04, 0x00, 0x02, (byte)'a', 0x00]);

        var disconnect = Assert.IsType<DisconnectPacket>(await raw.ReadUntilClosedAsync());
        Assert.Equal(MqttReasonCode.MalformedPacket, disconnect.ReasonCode);
        var publisher = harness.CreateClient("pub");
        await publisher.ConnectAsync();
        await publisher.PublishAsync(BrokerHarness.Message("t", "still fine"));
        Assert.Equal("still fine", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task MalformedPacket_V311_ConnectionClosedWithoutReply()
    {
        await using var harness = new BrokerHarness();
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V311);
        await raw.SendAsync(Connect(MqttProtocolVersion.V311));
        await raw.ExpectAsync<ConnAckPacket>();
        await raw.SendBytesAsync([0x82, 0x02, 0x00, 0x01]);
        Assert.Null(await raw.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task HugeRemainingLength_RejectedWithPacketTooLargeBeforeBuffering()
    {
        await using var harness = new BrokerHarness(o => o.MaxPacketSize = 64 * 1024);
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V500);
        await raw.SendAsync(Connect(MqttProtocolVersion.V500));
        await raw.ExpectAsync<ConnAckPacket>();

        await raw.SendBytesAsync([0x30, 0xFF, 0xFF, 0xFF, 0x7F]);

        var disconnect = Assert.IsType<DisconnectPacket>(await raw.ReadUntilClosedAsync());
        Assert.Equal(MqttReasonCode.PacketTooLarge, disconnect.ReasonCode);
    }

    [Fact]
    public async Task FirstPacketNotConnect_ConnectionClosed()
    {
        await using var harness = new BrokerHarness();
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V311);
        await raw.SendBytesAsync([0xC0, 0x00]);
        Assert.Null(await raw.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task UnsupportedProtocolLevel_GetsV311ConnAck0x01()
    {
        await using var harness = new BrokerHarness();
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V311);
        await raw.SendBytesAsync(Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x06, 0x02, 0x00, 0x3C, 0x00, 0x01, "c"));
        var connAck = Assert.IsType<ConnAckPacket>(await raw.ReadUntilClosedAsync());
        Assert.Equal(MqttReasonCode.UnsupportedProtocolVersion, connAck.ReasonCode);
    }

    [Fact]
    public async Task SilentClient_KeepAliveExceeded_DisconnectedWith0x8D()
    {
        await using var harness = new BrokerHarness();
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V500);
        await raw.SendAsync(Connect(MqttProtocolVersion.V500, keepAlive: 1));
        await raw.ExpectAsync<ConnAckPacket>();

        var disconnect = Assert.IsType<DisconnectPacket>(await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, disconnect.ReasonCode);
    }

    [Fact]
    public async Task NoConnect_WithinConnectTimeout_Closed()
    {
        await using var harness = new BrokerHarness(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(500));
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V311);
        await raw.SendBytesAsync([0x10, 0x10]);
        Assert.Null(await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task TopicAlias_SetThenUsed_ResolvesToTopic()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "long/topic/name");
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V500);
        await raw.SendAsync(Connect(MqttProtocolVersion.V500));
        await raw.ExpectAsync<ConnAckPacket>();

        await raw.SendAsync(new PublishPacket { Topic = "long/topic/name", Payload = "1"u8.ToArray(), Properties = new MqttProperties { TopicAlias = 3 } });
        await raw.SendAsync(new PublishPacket { Topic = "", Payload = "2"u8.ToArray(), Properties = new MqttProperties { TopicAlias = 3 } });

        Assert.Equal("1", (await inbox.NextAsync()).Text());
        var second = await inbox.NextAsync();
        Assert.Equal("long/topic/name", second.Topic);
        Assert.Equal("2", second.Text());
    }

    [Theory]
    [InlineData(17, MqttReasonCode.TopicAliasInvalid)]
    [InlineData(4, MqttReasonCode.ProtocolError)]
    public async Task TopicAlias_AboveMaximumOrUnknown_Disconnects(ushort alias, MqttReasonCode expected)
    {
        await using var harness = new BrokerHarness(o => o.TopicAliasMaximum = 16);
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V500);
        await raw.SendAsync(Connect(MqttProtocolVersion.V500));
        await raw.ExpectAsync<ConnAckPacket>();
        await raw.SendAsync(new PublishPacket { Topic = "", Properties = new MqttProperties { TopicAlias = alias } });
        var disconnect = Assert.IsType<DisconnectPacket>(await raw.ReadUntilClosedAsync());
        Assert.Equal(expected, disconnect.ReasonCode);
    }

    [Fact]
    public async Task Qos2FromClient_DeliveredOnceEvenWhenResent()
    {
        await using var harness = new BrokerHarness();
        var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "q2");
        await using var raw = new RawPeer(harness.Broker.ConnectInMemory(), MqttProtocolVersion.V311);
        await raw.SendAsync(Connect(MqttProtocolVersion.V311));
        await raw.ExpectAsync<ConnAckPacket>();

        var publish = new PublishPacket { Topic = "q2", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketId = 9 };
        await raw.SendAsync(publish);
        Assert.Equal((ushort)9, (await raw.ExpectAsync<PubRecPacket>()).PacketId);
        await raw.SendAsync(new PublishPacket { Topic = "q2", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketId = 9, Dup = true });
        await raw.ExpectAsync<PubRecPacket>();
        await raw.SendAsync(new PubRelPacket { PacketId = 9 });
        Assert.Equal((ushort)9, (await raw.ExpectAsync<PubCompPacket>()).PacketId);

        var received = await inbox.NextAsync();
        Assert.Equal("once", received.Text());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, received.QualityOfService);
        await raw.SendAsync(new PublishPacket { Topic = "q2", Payload = "marker"u8.ToArray() });
        Assert.Equal("marker", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task SameClientId_SecondConnection_TakesOverWith0x8E()
    {
        await using var harness = new BrokerHarness();
        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>();
        var first = harness.CreateClient("dup");
        first.DisconnectedAsync = info =>
        {
            disconnected.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        await first.ConnectAsync();
        var second = harness.CreateClient("dup");
        await second.ConnectAsync();

        var info = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttReasonCode.SessionTakenOver, info.ServerReasonCode);
        Assert.False(info.WillReconnect);
        Assert.True(second.IsConnected);
    }

    [Fact]
    public async Task Shutdown_V5Client_GetsDisconnect0x8B()
    {
        var harness = new BrokerHarness();
        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>();
        var client = harness.CreateClient("c", configure: o => new MqttClientOptions { ClientId = "c", ChannelFactory = o.ChannelFactory, AutoReconnect = false });
        client.DisconnectedAsync = info =>
        {
            disconnected.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        await client.ConnectAsync();

        await harness.Broker.StopAsync(CancellationToken.None);

        Assert.Equal(MqttReasonCode.ServerShuttingDown, (await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10))).ServerReasonCode);
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionLimit_Reached_RefusedWithServerBusy()
    {
        await using var harness = new BrokerHarness(o => o.MaxConnections = 1);
        var first = harness.CreateClient("one");
        await first.ConnectAsync();
        var second = harness.CreateClient("two", configure: o => new MqttClientOptions { ClientId = "two", ChannelFactory = o.ChannelFactory, AutoReconnect = false });
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => second.ConnectAsync());
        Assert.Equal(MqttReasonCode.ServerBusy, ex.ReasonCode);
    }

    [Fact]
    public async Task OfflineQueue_Full_DropsNewestBeyondLimit()
    {
        await using var harness = new BrokerHarness(o => o.MaxQueuedMessages = 3);
        MqttClientOptions Persistent(MqttClientOptions o) => new() { ClientId = "s", ChannelFactory = o.ChannelFactory, CleanStart = false, SessionExpiryInterval = 60 };
        var first = harness.CreateClient("s", configure: Persistent);
        await first.ConnectAsync();
        await first.SubscribeAsync("t");
        await first.DisconnectAsync();
        await BrokerMessagingTests.WaitUntilAsync(() => harness.Broker.ClientCount == 0);
        var publisher = harness.CreateClient("p");
        await publisher.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(BrokerHarness.Message("t", i.ToString()));
        }

        var inbox = new MessageInbox();
        var second = harness.CreateClient("s", configure: Persistent);
        second.MessageReceivedAsync = inbox.Handle;
        await second.ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i.ToString(), (await inbox.NextAsync()).Text());
        }

        await publisher.PublishAsync(BrokerHarness.Message("t", "marker"));
        Assert.Equal("marker", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task OfflineQueue_ClientGivenItsOwnBoundByTheAuthenticator_KeepsMessagesBeyondTheBrokerLimit()
    {
        await using var harness = new BrokerHarness(o => o.MaxQueuedMessages = 3, authenticator: new QueueBounds("backend", 50));
        MqttClientOptions Persistent(MqttClientOptions o) => new() { ClientId = o.ClientId, ChannelFactory = o.ChannelFactory, CleanStart = false, SessionExpiryInterval = 60 };
        foreach (var id in new[] { "backend", "device" })
        {
            var first = harness.CreateClient(id, configure: Persistent);
            await first.ConnectAsync();
            await first.SubscribeAsync("t");
            await first.DisconnectAsync();
        }

        await BrokerMessagingTests.WaitUntilAsync(() => harness.Broker.ClientCount == 0);
        var publisher = harness.CreateClient("p");
        await publisher.ConnectAsync();
        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync(BrokerHarness.Message("t", i.ToString(CultureInfo.InvariantCulture)));
        }

        var backend = new MessageInbox();
        var device = new MessageInbox();
        var backendClient = harness.CreateClient("backend", configure: Persistent);
        backendClient.MessageReceivedAsync = backend.Handle;
        var deviceClient = harness.CreateClient("device", configure: Persistent);
        deviceClient.MessageReceivedAsync = device.Handle;
        await backendClient.ConnectAsync();
        await deviceClient.ConnectAsync();
        await publisher.PublishAsync(BrokerHarness.Message("t", "marker"));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), (await backend.NextAsync()).Text());
        }

        Assert.Equal("marker", (await backend.NextAsync()).Text());
        Assert.Equal(["0", "1", "2", "marker"], [(await device.NextAsync()).Text(), (await device.NextAsync()).Text(), (await device.NextAsync()).Text(), (await device.NextAsync()).Text()]);
    }

    /// <summary>Accepts everyone; one client id gets a session queue bound of its own.</summary>
    private sealed class QueueBounds(string clientId, int maxQueued) : IMqttAuthenticator
    {
        public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.ClientId == clientId ? MqttAuthenticationResult.Accept(null, maxQueued) : MqttAuthenticationResult.Accept());
    }
}
