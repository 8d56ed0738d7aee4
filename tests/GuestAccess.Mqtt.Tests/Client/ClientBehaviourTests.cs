using System.Threading.Channels;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Client;

/// <summary>The client against a scripted server on the in-memory transport.</summary>
public sealed class ClientBehaviourTests : IAsyncDisposable
{
    private readonly Channel<IMqttChannel> _serverEnds = System.Threading.Channels.Channel.CreateUnbounded<IMqttChannel>();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly List<IAsyncDisposable> _disposables = [];

    [Fact]
    public async Task Publish_ServerReceiveMaximum_LimitsUnacknowledgedOnTheWire()
    {
        var client = CreateClient();
        var server = await AcceptAsync(client, new MqttProperties { ReceiveMaximum = 2 });

        var publishes = Enumerable.Range(1, 3).Select(i => client.PublishAsync(BrokerHarness.Message("t", i.ToString()))).ToList();
        var first = await server.ExpectAsync<PublishPacket>();
        var second = await server.ExpectAsync<PublishPacket>();
        var subscribing = client.SubscribeAsync("marker");
        Assert.IsType<SubscribePacket>(await server.ReceiveAsync());

        await server.SendAsync(new PubAckPacket { PacketId = first.PacketId });
        var third = await server.ExpectAsync<PublishPacket>();
        Assert.Equal("3", System.Text.Encoding.UTF8.GetString(third.Payload.Span));
        Assert.True(publishes[0].IsCompletedSuccessfully || await publishes[0] is { IsSuccess: true });
        Assert.False(publishes[2].IsCompleted);
        await server.SendAsync(new PubAckPacket { PacketId = second.PacketId });
        await server.SendAsync(new PubAckPacket { PacketId = third.PacketId });
        await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(subscribing.IsCompleted);
    }

    [Fact]
    public async Task Publish_ConnectionLostBeforePubAck_ResentWithDupAfterReconnect()
    {
        var client = CreateClient(o => new MqttClientOptions { ClientId = "c", ChannelFactory = o.ChannelFactory, CleanStart = false, SessionExpiryInterval = 60, ReconnectMinDelay = TimeSpan.FromMilliseconds(10), ReconnectMaxDelay = TimeSpan.FromMilliseconds(20) });
        var server = await AcceptAsync(client, null);
        var publishing = client.PublishAsync(BrokerHarness.Message("events", "entry-1"));
        var original = await server.ExpectAsync<PublishPacket>();
        Assert.False(original.Dup);

        server.Channel.Abort();
        var reconnected = await AcceptNextAsync(sessionPresent: true);
        var resent = await reconnected.ExpectAsync<PublishPacket>();

        Assert.True(resent.Dup);
        Assert.Equal(original.PacketId, resent.PacketId);
        Assert.Equal("entry-1", System.Text.Encoding.UTF8.GetString(resent.Payload.Span));
        await reconnected.SendAsync(new PubAckPacket { PacketId = resent.PacketId });
        Assert.True((await publishing.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
    }

    [Fact]
    public async Task Receive_Qos1_PubAckOnlyAfterHandlerCompletes()
    {
        var client = CreateClient();
        var release = new TaskCompletionSource();
        var handled = new TaskCompletionSource();
        client.MessageReceivedAsync = async (_, _) =>
        {
            handled.TrySetResult();
            await release.Task;
        };
        var server = await AcceptAsync(client, null);
        await server.SendAsync(new PublishPacket { Topic = "cmd", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketId = 5 });
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _ = client.SubscribeAsync("probe");
        Assert.IsType<SubscribePacket>(await server.ReceiveAsync());
        release.SetResult();
        Assert.Equal((ushort)5, (await server.ExpectAsync<PubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task Reconnect_WithoutSession_ResubscribesKnownFilters()
    {
        var client = CreateClient(o => new MqttClientOptions { ClientId = "c", ChannelFactory = o.ChannelFactory, ReconnectMinDelay = TimeSpan.FromMilliseconds(10), ReconnectMaxDelay = TimeSpan.FromMilliseconds(20) });
        var server = await AcceptAsync(client, null);
        var subscribing = client.SubscribeAsync("locks/L1/commands");
        var subscribe = await server.ExpectAsync<SubscribePacket>();
        await server.SendAsync(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = [MqttReasonCode.GrantedQoS1] });
        await subscribing;

        server.Channel.Abort();
        var reconnected = await AcceptNextAsync(sessionPresent: false);
        var again = await reconnected.ExpectAsync<SubscribePacket>();
        Assert.Equal("locks/L1/commands", Assert.Single(again.Filters).Filter);
    }

    [Fact]
    public async Task KeepAlive_Idle_SendsPingAndClosesWithoutPingResp()
    {
        var client = CreateClient(o => new MqttClientOptions { ClientId = "c", ChannelFactory = o.ChannelFactory, KeepAlive = TimeSpan.FromSeconds(1), AutoReconnect = false });
        var lost = new TaskCompletionSource<MqttDisconnectInfo>();
        client.DisconnectedAsync = info =>
        {
            lost.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        var server = await AcceptAsync(client, null);

        Assert.IsType<PingReqPacket>(await server.ReceiveAsync(TimeSpan.FromSeconds(5)));
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task KeepAlive_ReadLoopWaitingOnFullDeliveryQueue_ClosesAndReconnects()
    {
        // A server that ignores the Receive Maximum fills the delivery queue while the handler waits
        // for something that needs this connection (as a handler publishing and awaiting its PUBACK
        // would): the read loop stops reading, so no PINGRESP can arrive either.
        var client = CreateClient(o => new MqttClientOptions
        {
            ClientId = "c",
            ChannelFactory = o.ChannelFactory,
            KeepAlive = TimeSpan.FromSeconds(1),
            ReceiveMaximum = 1,
            MaxPendingDeliveries = 1,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
        });
        var lost = new TaskCompletionSource<MqttDisconnectInfo>();
        client.DisconnectedAsync = info =>
        {
            lost.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        client.MessageReceivedAsync = (_, token) => new ValueTask(Task.Delay(Timeout.Infinite, token));
        var server = await AcceptAsync(client, null);
        var reconnected = new TaskCompletionSource<MqttConnectResult>();
        client.ConnectedAsync = result =>
        {
            reconnected.TrySetResult(result);
            return ValueTask.CompletedTask;
        };
        for (ushort id = 1; id <= 3; id++)
        {
            await server.SendAsync(new PublishPacket { Topic = "cmd", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketId = id });
        }

        Assert.IsType<PingReqPacket>(await server.ReceiveAsync(TimeSpan.FromSeconds(5)));
        Assert.True((await lost.Task.WaitAsync(TimeSpan.FromSeconds(10))).WillReconnect);
        await AcceptNextAsync(sessionPresent: true);
        Assert.True((await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10))).SessionPresent);
    }

    [Fact]
    public async Task Connect_Refused_ThrowsWithReasonAndDoesNotReconnect()
    {
        var client = CreateClient();
        var connecting = client.ConnectAsync();
        await using var server = new RawPeer(await _serverEnds.Reader.ReadAsync(), MqttProtocolVersion.V500);
        await server.ExpectConnectAsync();
        await server.SendAsync(new ConnAckPacket { ReasonCode = MqttReasonCode.Banned });
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Equal(MqttReasonCode.Banned, ex.ReasonCode);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MqttClientNotConnectedException>(() => client.PublishAsync(BrokerHarness.Message("t", "x")));
    }

    [Fact]
    public async Task Publish_Qos2_Refused()
    {
        var client = CreateClient();
        await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync(BrokerHarness.Message("t", "x", MqttQualityOfService.ExactlyOnce)));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync(BrokerHarness.Message("a/+", "x")));
    }

    [Fact]
    public void BackOff_GrowsExponentiallyWithJitterUpToMaximum()
    {
        var client = new MqttClient(new MqttClientOptions { ReconnectMinDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(5) });
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var step = Math.Min(100 * Math.Pow(2, attempt), 5000);
            var delays = Enumerable.Range(0, 50).Select(_ => client.BackOff(attempt).TotalMilliseconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, (step / 2) - 1, step + 1));
            if (step >= 200)
            {
                Assert.True(delays.Distinct().Count() > 1, "jitter expected");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        _logs.AssertNoUnexpectedErrors();
    }

    private MqttClient CreateClient(Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions
        {
            ClientId = "c",
            ChannelFactory = _ =>
            {
                var (client, server) = MqttInMemoryChannel.CreatePair();
                _serverEnds.Writer.TryWrite(server);
                return ValueTask.FromResult<IMqttChannel>(client);
            },
        };
        var client = new MqttClient(configure?.Invoke(options) ?? options, _logs.CreateLogger<MqttClient>());
        _disposables.Add(client);
        return client;
    }

    private async Task<RawPeer> AcceptAsync(MqttClient client, MqttProperties? connAckProperties)
    {
        var connecting = client.ConnectAsync();
        var server = await AcceptNextAsync(false, connAckProperties);
        await connecting.WaitAsync(TimeSpan.FromSeconds(10));
        return server;
    }

    private async Task<RawPeer> AcceptNextAsync(bool sessionPresent, MqttProperties? connAckProperties = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var server = new RawPeer(await _serverEnds.Reader.ReadAsync(timeout.Token), MqttProtocolVersion.V500);
        _disposables.Add(server);
        await server.ExpectConnectAsync();
        await server.SendAsync(new ConnAckPacket { SessionPresent = sessionPresent, Properties = connAckProperties });
        return server;
    }
}
