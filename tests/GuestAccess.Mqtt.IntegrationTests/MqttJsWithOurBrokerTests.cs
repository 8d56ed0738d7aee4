using GuestAccess.Mqtt.IntegrationTests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>mqtt.js (npm mqtt 5.16.0) against our broker.</summary>
public sealed class MqttJsWithOurBrokerTests
{
    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task PubSub_RetainedAndOwnMessage_Delivered(string version)
    {
        await using var broker = new TcpBroker();
        await PublishRetainedAsync(broker);

        await using var js = broker.Own(ExternalProcess.Node("mqttjs_peer.mjs", "pubsub", $"mqtt://127.0.0.1:{broker.Port}", version, "ga/js/#", "ga/js/events", "2"));
        var messages = new List<System.Text.Json.JsonElement>();
        while (messages.Count < 2)
        {
            var e = PahoWithOurBrokerTests.Event(await js.ReadLineAsync());
            if (e.GetProperty("event").GetString() == "message")
            {
                messages.Add(e);
            }
        }

        var retained = messages.Single(m => m.GetProperty("topic").GetString() == "ga/js/retained");
        Assert.True(retained.GetProperty("retain").GetBoolean());
        var own = messages.Single(m => m.GetProperty("topic").GetString() == "ga/js/events");
        Assert.Equal("from mqtt.js", own.GetProperty("payload").GetString());
        if (version == "5")
        {
            Assert.Equal("mqtt.js", own.GetProperty("userProperties").GetProperty("origin").GetString());
        }

        Assert.Equal(0, await js.WaitForExitAsync());
    }

    [Theory]
    [InlineData("4", 4)]
    [InlineData("5", 134)]
    public async Task Connect_WrongPassword_RefusedWithCode(string version, int expected)
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var js = broker.Own(ExternalProcess.Node("mqttjs_peer.mjs", "connect", $"mqtt://127.0.0.1:{broker.Port}", version, "L1", "wrong"));
        var e = PahoWithOurBrokerTests.Event(await js.ReadLineAsync());
        Assert.Equal("error", e.GetProperty("event").GetString());
        Assert.Equal(expected, e.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Publish_OtherLocksTopic_PubAck0x87()
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var js = broker.Own(ExternalProcess.Node("mqttjs_peer.mjs", "publish", $"mqtt://127.0.0.1:{broker.Port}", "L1", "secret-1", "guestaccess/v1/locks/L2/events"));
        var e = PahoWithOurBrokerTests.Event(await js.ReadLineAsync());
        Assert.Equal("puback", e.GetProperty("event").GetString());
        Assert.Equal(0x87, e.GetProperty("code").GetInt32());
    }

    private static async Task PublishRetainedAsync(TcpBroker broker)
    {
        var handle = TcpClientHandle.Create(broker.Port, broker.Logs, "retainer", MqttProtocolVersion.V500);
        await using var client = handle.Client;
        await client.ConnectAsync();
        await client.PublishAsync(TcpClientHandle.Message("ga/js/retained", "r", retain: true));
        await client.DisconnectAsync();
    }
}
