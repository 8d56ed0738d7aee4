using GuestAccess.Domain.Doors;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Client;
using GuestAccess.Server.Locks.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>The embedded broker admits only provisioned locks, each to its own topics only.</summary>
public sealed class BrokerAccessTests
{
    private const string LockA = "dokk1-store-sal-nord";
    private const string LockB = "dokk1-store-sal-syd";

    [Fact]
    public async Task Connect_RegisteredButUnprovisionedLock_RefusedWithBadCredentials()
    {
        await using var host = await FleetHost.StartAsync("--Locks:DevProvisioningBundle=false");
        string lockId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Server.Persistence.GuestAccessDb>();
            var site = await db.Sites.SingleAsync(s => s.Slug == "dokk1");
            var door = new Door(Guid.NewGuid(), site.Id, "dokk1-e2e-doer", "E2E-dør", DoorKind.Room);
            db.Doors.Add(door);
            await db.SaveChangesAsync();
            lockId = (await scope.ServiceProvider.GetRequiredService<LockProvisioningService>().RegisterAsync(door.Id, "dokk1-e2e-doer")).DeviceId;
        }

        await using var client = RawLockClient.Create(RawLockClient.EmbeddedPort(host), lockId, lockId, "guessed-password");
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());

        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused.ReasonCode);
    }

    [Fact]
    public async Task Decommission_ConnectedLock_IsCutOffAndItsCredentialsNoLongerWork()
    {
        await using var host = await FleetHost.StartAsync();
        var password = host.Bundle.Locks.Single(l => l.Lock.Value == LockA).Password;
        var simulator = await host.StartSimulatorAsync([LockA]);
        var id = await Entries.LockGuidAsync(host, LockA);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LockProvisioningService>().DecommissionAsync(id);
        }

        await simulator[LockA].WaitUntilAsync(s => !s.Connected, Eventually.DefaultTimeout);
        await using var client = RawLockClient.Create(RawLockClient.EmbeddedPort(host), LockA, LockA, password);
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused.ReasonCode);
    }

    [Fact]
    public async Task Lock_OtherLocksTopicsAndRetainRules_Refused()
    {
        await using var host = await FleetHost.StartAsync();
        var bundle = host.Bundle;
        var password = bundle.Locks.Single(l => l.Lock.Value == LockA).Password;
        var a = LockId.Parse(LockA);
        var b = LockId.Parse(LockB);
        var will = RawLockClient.Message(LockTopics.Status.For(a), LockMessageCodec.EncodeToString(LockStatus.Offline(a)), retain: true);
        await using var client = RawLockClient.Create(RawLockClient.EmbeddedPort(host), LockA, LockA, password, will);
        await client.ConnectAsync();

        var subscribed = await client.SubscribeAsync([
            new(LockTopics.Commands.For(a), MqttQualityOfService.AtLeastOnce),
            new(LockTopics.Commands.For(b), MqttQualityOfService.AtLeastOnce),
            new(LockTopics.Commands.AllLocksFilter, MqttQualityOfService.AtLeastOnce),
            new(LockTopics.Events.For(b), MqttQualityOfService.AtLeastOnce)]);
        Assert.Equal([MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized, MqttReasonCode.NotAuthorized, MqttReasonCode.NotAuthorized], subscribed.ReasonCodes);

        Assert.Equal(MqttReasonCode.NotAuthorized, (await client.PublishAsync(RawLockClient.Message(LockTopics.Events.For(b), "{}"))).ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, (await client.PublishAsync(RawLockClient.Message(LockTopics.Commands.For(b), "x"))).ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, (await client.PublishAsync(RawLockClient.Message(LockTopics.Events.For(a), "{}", retain: true))).ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, (await client.PublishAsync(RawLockClient.Message(LockTopics.Status.For(a), "{}", retain: false))).ReasonCode);
        Assert.True((await client.PublishAsync(RawLockClient.Message(LockTopics.Status.For(a), LockMessageCodec.EncodeToString(LockStatus.Offline(a)), retain: true))).IsSuccess);
    }

    [Fact]
    public async Task Connect_ClientIdOtherThanItsLockId_Refused()
    {
        await using var host = await FleetHost.StartAsync();
        var password = host.Bundle.Locks.Single(l => l.Lock.Value == LockA).Password;

        await using var client = RawLockClient.Create(RawLockClient.EmbeddedPort(host), LockB, LockA, password);
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());

        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused.ReasonCode);
    }
}
