using GuestAccess.Mqtt.IntegrationTests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>mosquitto_pub / mosquitto_sub (Debian mosquitto-clients 2.0) against our broker.</summary>
public sealed class CliToolsWithOurBrokerTests
{
    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoSub_RetainedThenLive_BothArrive(string version)
    {
        await using var broker = new TcpBroker();
        await Publish(broker.Port, version, "ga/status/L1", "online", "-r");

        await using var sub = broker.Own(ExternalProcess.Start("mosquitto_sub", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-V", version,
            "-t", "ga/#", "-q", "1", "-v", "-C", "2", "-W", "15", "-i", "cli-sub-" + version));
        Assert.Equal("ga/status/L1 online", await sub.ReadLineAsync());
        await Publish(broker.Port, version, "ga/events/L1", "entry");
        Assert.Equal("ga/events/L1 entry", await sub.ReadLineAsync());
        Assert.Equal(0, await sub.WaitForExitAsync());
    }

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoPub_WrongPassword_Refused(string version)
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var pub = broker.Own(ExternalProcess.Start("mosquitto_pub", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-V", version,
            "-t", "guestaccess/v1/locks/L1/events", "-m", "x", "-q", "1", "-u", "L1", "-P", "wrong", "-i", "L1"));
        Assert.NotEqual(0, await pub.WaitForExitAsync());
        Assert.Contains("bad user name or password", pub.StandardError + pub.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, broker.Broker.ClientCount);
    }

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoSub_OtherLocksTopic_SubscriptionDenied(string version)
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var sub = broker.Own(ExternalProcess.Start("mosquitto_sub", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-V", version,
            "-t", "guestaccess/v1/locks/L2/commands", "-q", "1", "-u", "L1", "-P", "secret-1", "-i", "L1", "-W", "5"));
        await sub.WaitForExitAsync();
        Assert.Contains("denied", sub.StandardError + sub.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MosquittoPub_ValidLockCredentials_ReachOwnTopic()
    {
        await using var broker = new TcpBroker(withLockHooks: true);
        await using var sub = broker.Own(ExternalProcess.Start("mosquitto_sub", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-V", "mqttv5",
            "-t", "guestaccess/v1/locks/+/events", "-q", "1", "-v", "-C", "1", "-W", "15", "-u", "server", "-P", "server-secret", "-i", "server"));
        await WaitForSubscriptionAsync(broker);
        await Publish(broker.Port, "mqttv5", "guestaccess/v1/locks/L1/events", "entry-7", "-u", "L1", "-P", "secret-1", "-i", "L1");
        Assert.Equal("guestaccess/v1/locks/L1/events entry-7", await sub.ReadLineAsync());
    }

    /// <summary>Waits until an external subscriber's SUBSCRIBE has been handled by the broker.</summary>
    internal static async Task WaitForSubscriptionAsync(TcpBroker broker, int subscriptions = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (broker.Broker.SubscriptionCount < subscriptions)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task Publish(int port, string version, string topic, string message, params string[] extra)
    {
        await using var pub = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", port.ToString(), "-V", version, "-t", topic, "-m", message, "-q", "1", .. extra]);
        var exit = await pub.WaitForExitAsync();
        Assert.True(exit == 0, pub.StandardError);
    }
}
