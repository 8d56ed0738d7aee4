using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>A grant travels from the database to the door and back: staged, applied, used, revoked.</summary>
public sealed class GrantDeliveryTests
{
    private const string Door = "dokk1-lille-sal-doer";

    [Fact]
    public async Task Grant_LockAppliesIt_PinOpensAndTheEntryIsStoredAndConfirmed()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];

        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2));

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        Assert.Equal(grant.Staged.Locks.Single().TargetVersion, door.Snapshot().AppliedVersion);
        var entry = await door.EnterPinAsync(grant.Pin);
        Assert.True(entry.IsGranted);
        Assert.Equal(Server.Locks.Fleet.LockWireIds.Grant(grant.GrantId), entry.GrantId);

        var stored = await Entries.WaitForAsync(host, Door, entry.Sequence);
        Assert.Equal(Domain.Entries.EntryOutcome.Granted, stored.Outcome);
        Assert.Equal(Domain.Entries.EntryMethod.Pin, stored.Method);
        Assert.Equal(grant.GrantId, stored.GrantId);
        Assert.Equal(grant.CredentialId, stored.CredentialId);
        await door.WaitUntilAsync(s => s.PendingEvents == 0, Eventually.DefaultTimeout); // confirmed end to end, the lock dropped them
    }

    [Fact]
    public async Task Revoke_AppliedGrant_LockRefusesThePin()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);

        await Grants.RevokeAsync(host, grant.GrantId);

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Removed);
        var entry = await door.EnterPinAsync(grant.Pin);
        Assert.False(entry.IsGranted);
        Assert.Equal(DenialReason.WrongPin, entry.Reason);
    }
}
