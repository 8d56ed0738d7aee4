using System.Text;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>Authentication and per-topic authorization hooks.</summary>
public sealed class BrokerSecurityTests
{
    private static MqttClientOptions Credentials(MqttClientOptions o, string user, string password) => new()
    {
        ClientId = o.ClientId,
        ProtocolVersion = o.ProtocolVersion,
        ChannelFactory = o.ChannelFactory,
        Username = user,
        Password = Encoding.UTF8.GetBytes(password),
        AutoReconnect = false,
    };

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connect_WrongPassword_RefusedWithBadCredentials(MqttProtocolVersion version)
    {
        var hooks = new LockAccessHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var client = harness.CreateClient("L1", version, o => Credentials(o, "L1", "wrong"));
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, ex.ReasonCode);
        Assert.Equal(0, harness.Broker.ClientCount);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connect_Anonymous_RefusedByDefault(MqttProtocolVersion version)
    {
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false);
        var client = harness.CreateClient("anon", version, o => new MqttClientOptions { ClientId = "anon", ProtocolVersion = version, ChannelFactory = o.ChannelFactory, AutoReconnect = false });
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(MqttReasonCode.NotAuthorized, ex.ReasonCode);
    }

    [Fact]
    public async Task Publish_V5OutsideOwnTopics_Gets0x87AndIsNotDelivered()
    {
        var hooks = new LockAccessHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var (_, inbox) = await harness.ConnectSubscriberAsync("server", "guestaccess/v1/locks/#", configure: o => Credentials(o, "server", "server-secret"));
        var lock1 = harness.CreateClient("L1", configure: o => Credentials(o, "L1", "secret-1"));
        await lock1.ConnectAsync();

        var denied = await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L2/events", "forged"));
        var allowed = await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L1/events", "real"));

        Assert.Equal(MqttReasonCode.NotAuthorized, denied.ReasonCode);
        Assert.True(allowed.IsSuccess);
        Assert.Equal(LockAccessHooks.Prefix + "L1/events", (await inbox.NextAsync()).Topic);
        Assert.False(inbox.TryTake(out _));
    }

    [Fact]
    public async Task Publish_V311OutsideOwnTopics_SilentlyDroppedButAcknowledged()
    {
        var hooks = new LockAccessHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var (_, inbox) = await harness.ConnectSubscriberAsync("server", "guestaccess/v1/locks/#", MqttProtocolVersion.V311, o => Credentials(o, "server", "server-secret"));
        var lock1 = harness.CreateClient("L1", MqttProtocolVersion.V311, o => Credentials(o, "L1", "secret-1"));
        await lock1.ConnectAsync();

        var denied = await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L2/events", "forged"));
        await lock1.PublishAsync(BrokerHarness.Message(LockAccessHooks.Prefix + "L1/events", "real"));

        Assert.True(denied.IsSuccess);
        Assert.Equal("real", (await inbox.NextAsync()).Text());
        Assert.False(inbox.TryTake(out _));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttReasonCode.UnspecifiedError)]
    [InlineData(MqttProtocolVersion.V500, MqttReasonCode.NotAuthorized)]
    public async Task Subscribe_OtherLocksTopics_Refused(MqttProtocolVersion version, MqttReasonCode expected)
    {
        var hooks = new LockAccessHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var lock1 = harness.CreateClient("L1", version, o => Credentials(o, "L1", "secret-1"));
        await lock1.ConnectAsync();

        var result = await lock1.SubscribeAsync([
            new(LockAccessHooks.Prefix + "L1/commands", MqttQualityOfService.AtLeastOnce),
            new(LockAccessHooks.Prefix + "+/commands", MqttQualityOfService.AtLeastOnce),
            new("$share/g/" + LockAccessHooks.Prefix + "L2/commands", MqttQualityOfService.AtLeastOnce)]);

        Assert.Equal([MqttReasonCode.GrantedQoS1, expected, expected], result.ReasonCodes);
    }

    [Fact]
    public async Task Will_OutsideOwnTopics_RefusesConnect()
    {
        var hooks = new LockAccessHooks();
        await using var harness = new BrokerHarness(o => o.AllowAnonymous = false, hooks, hooks);
        var client = harness.CreateClient("L1", configure: o => new MqttClientOptions
        {
            ClientId = "L1",
            ChannelFactory = o.ChannelFactory,
            Username = "L1",
            Password = "secret-1"u8.ToArray(),
            AutoReconnect = false,
            Will = BrokerHarness.Message(LockAccessHooks.Prefix + "L2/status", "offline"),
        });
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(MqttReasonCode.NotAuthorized, ex.ReasonCode);
    }
}
