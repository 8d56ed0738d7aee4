using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Fleet;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>Locks that are away: changes wait for them, and credentials end on their own.</summary>
public sealed class OfflineTests
{
    private const string Door = "dokk1-moedelokale-1-doer";

    [Fact]
    public async Task Revoke_WhileLockOffline_FailsAtTheTimeoutThenAppliesOnReconnect()
    {
        await using var host = await FleetHost.StartAsync("--Locks:AckTimeout=00:00:01");
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        await door.GoOfflineAsync();
        await Eventually.TrueAsync(() => host.WithDbAsync(db => db.Locks.AnyAsync(l => l.DeviceId == Door && l.Connectivity == Domain.Locks.LockConnectivity.Offline)), "the server to see the lock offline (last will)");

        await Grants.RevokeAsync(host, grant.GrantId);

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Failed);
        var reason = await host.WithDbAsync(db => db.GrantDoors.Where(d => d.GrantId == grant.GrantId).Select(d => d.FailureReason).SingleAsync());
        Assert.Equal(DeliveryFailure.LockOffline, reason);
        Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted); // still on the offline lock, until its window ends

        await door.GoOnlineAsync();

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Removed);
        var entry = await door.EnterPinAsync(grant.Pin);
        Assert.False(entry.IsGranted);
        Assert.Equal(DenialReason.WrongPin, entry.Reason);
    }

    [Fact]
    public async Task Credential_WindowEnded_RefusedByTheLockWithoutEverReconnecting()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        var until = DateTimeOffset.UtcNow.AddHours(1);
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), until);
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        await door.GoOfflineAsync();
        Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted);

        door.Clock.Set(until.AddSeconds(1)); // the lock's own clock passes the end of the window

        var entry = await door.EnterPinAsync(grant.Pin);
        Assert.False(entry.IsGranted);
        Assert.Equal(DenialReason.Expired, entry.Reason);
        Assert.False(door.Snapshot().Connected);
    }
}
