using System.Text.Json;
using GuestAccess.Mqtt.IntegrationTests.Support;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>paho-mqtt (Debian python3-paho-mqtt 1.6.1) against our broker.</summary>
public sealed class PahoWithOurBrokerTests
{
    [Theory]
    [InlineData("3")]
    [InlineData("5")]
    public async Task Will_PahoKilled_WillPublishedToOurClient(string version)
    {
        await using var broker = new TcpBroker();
        var (watcher, inbox) = await ConnectWatcherAsync(broker, "ga/status/+");
        await using var paho = broker.Own(ExternalProcess.Python("paho_peer.py", "will", "127.0.0.1", broker.Port.ToString(), version, "paho-lock-" + version, "ga/status/L1", "offline"));
        Assert.Equal("connected", Event(await paho.ReadLineAsync()).GetProperty("event").GetString());

        paho.Kill();

        var will = await inbox.NextAsync();
        Assert.Equal(("ga/status/L1", "offline"), (will.Topic, will.Text()));
        await watcher.DisposeAsync();
    }

    [Theory]
    [InlineData("3")]
    [InlineData("5")]
    public async Task Qos1_SubscriberKilledMidFlight_RedeliveredWithDupOnResume(string version)
    {
        await using var broker = new TcpBroker();
        var clientId = "paho-server-" + version;
        await using (var dying = broker.Own(ExternalProcess.Python("paho_peer.py", "sub", "127.0.0.1", broker.Port.ToString(), version, clientId, "ga/commands/L1", "1", "persistent", "die-on-message")))
        {
            await dying.WaitForLineAsync(l => Event(l).GetProperty("event").GetString() == "subscribed");
            await PublishAsync(broker, "ga/commands/L1", "grant-1");
            Assert.Equal("dying", Event(await dying.ReadLineAsync()).GetProperty("event").GetString());
            Assert.Equal(9, await dying.WaitForExitAsync());
        }

        await using var resumed = broker.Own(ExternalProcess.Python("paho_peer.py", "sub", "127.0.0.1", broker.Port.ToString(), version, clientId, "ga/commands/L1", "1", "persistent"));
        var connected = Event(await resumed.ReadLineAsync());
        Assert.True(connected.GetProperty("session_present").GetBoolean());
        var message = Event(await resumed.WaitForLineAsync(l => Event(l).GetProperty("event").GetString() == "message"));
        Assert.Equal("grant-1", message.GetProperty("payload").GetString());
        Assert.True(message.GetProperty("dup").GetBoolean());
        Assert.Equal(0, await resumed.WaitForExitAsync());
    }

    [Fact]
    public async Task SharedSubscription_TwoPahoMembers_SplitLoad()
    {
        await using var broker = new TcpBroker();
        await using var paho = broker.Own(ExternalProcess.Python("paho_peer.py", "shared", "127.0.0.1", broker.Port.ToString(), "ga/jobs/+", "40"));
        await paho.WaitForLineAsync(l => Event(l).GetProperty("event").GetString() == "ready");
        for (var i = 0; i < 40; i++)
        {
            await PublishAsync(broker, "ga/jobs/j", i.ToString());
        }

        var counts = Event(await paho.WaitForLineAsync(l => Event(l).GetProperty("event").GetString() == "counts"));
        var a = counts.GetProperty("a").GetInt32();
        var b = counts.GetProperty("b").GetInt32();
        Assert.Equal(40, a + b);
        Assert.InRange(a, 10, 30);
    }

    [Theory]
    [InlineData("3", "wrong", 4)]
    [InlineData("5", "wrong", 0x86)]
    [InlineData("3", "secret-1", 0)]
    [InlineData("5", "secret-1", 0)]
    public async Task Connect_Credentials_ReasonCodeAsExpected(string version, string password, int expected)
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var paho = broker.Own(ExternalProcess.Python("paho_peer.py", "connect", "127.0.0.1", broker.Port.ToString(), version, "L1", password));
        var connAck = Event(await paho.ReadLineAsync());
        Assert.Equal(expected, connAck.GetProperty("rc").GetInt32());
    }

    internal static JsonElement Event(string line) => JsonDocument.Parse(line).RootElement;

    internal static async Task<(IAsyncDisposable Client, MessageInbox Inbox)> ConnectWatcherAsync(TcpBroker broker, string filter)
    {
        var inbox = new MessageInbox();
        var handle = TcpClientHandle.Create(broker.Port, broker.Logs, "watcher", MqttProtocolVersion.V500);
        handle.Client.MessageReceivedAsync = inbox.Handle;
        await handle.Client.ConnectAsync();
        await handle.Client.SubscribeAsync(filter);
        return (handle.Client, inbox);
    }

    internal static async Task PublishAsync(TcpBroker broker, string topic, string payload)
    {
        var handle = TcpClientHandle.Create(broker.Port, broker.Logs, "publisher-" + Guid.NewGuid().ToString("N")[..8], MqttProtocolVersion.V500);
        await using var client = handle.Client;
        await client.ConnectAsync();
        Assert.True((await client.PublishAsync(TcpClientHandle.Message(topic, payload))).IsSuccess);
        await client.DisconnectAsync();
    }
}
