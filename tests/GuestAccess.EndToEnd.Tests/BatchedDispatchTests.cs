using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Locks.Store;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// The dispatcher plans every lock of a turn together (one targets query, one delta query for all)
/// and records their acknowledgements set-based: each lock must still get exactly its own delta.
/// </summary>
public sealed class BatchedDispatchTests
{
    private static readonly string[] Doors = ["dokk1-hovedindgang", "dokk1-lille-sal-doer", "dokk1-store-sal-syd", "dokk1-moedelokale-1-doer"];

    [Fact]
    public async Task OneCommitForLocksAtDifferentVersions_EachLockGetsItsOwnDelta_AndEveryDoorIsApplied()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync(Doors);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var until = DateTimeOffset.UtcNow.AddHours(2);

        // The first two locks move ahead on their own, so the shared commit below finds them at other versions than the rest.
        var first = await Grants.IssuePinAsync(host, [Doors[0]], from, until);
        var second = await Grants.IssuePinAsync(host, [Doors[0], Doors[1]], from, until);
        await Grants.WaitForDoorsAsync(host, first.GrantId, DoorDeliveryState.Applied);
        await Grants.WaitForDoorsAsync(host, second.GrantId, DoorDeliveryState.Applied);
        await Grants.RevokeAsync(host, first.GrantId);
        await Grants.WaitForDoorsAsync(host, first.GrantId, DoorDeliveryState.Removed);

        var shared = await Grants.IssuePinAsync(host, Doors, from, until);

        await Grants.WaitForDoorsAsync(host, shared.GrantId, DoorDeliveryState.Applied);
        var slugs = await host.WithDbAsync(db => db.Doors.Where(d => Doors.Contains(d.Slug)).ToDictionaryAsync(d => d.Id, d => d.Slug));
        Assert.Equal(Doors.Length, shared.Staged.Locks.Count);
        foreach (var staged in shared.Staged.Locks)
        {
            await simulator[slugs[staged.DoorId]].WaitUntilAsync(s => s.AppliedVersion == staged.TargetVersion, Eventually.DefaultTimeout);
        }

        foreach (var slug in Doors)
        {
            Assert.True((await simulator[slug].EnterPinAsync(shared.Pin)).IsGranted, $"the shared PIN at {slug}");
            Assert.False((await simulator[slug].EnterPinAsync(first.Pin)).IsGranted, $"the revoked PIN at {slug}");
        }

        Assert.True((await simulator[Doors[1]].EnterPinAsync(second.Pin)).IsGranted);
        Assert.False((await simulator[Doors[2]].EnterPinAsync(second.Pin)).IsGranted);
        Assert.Equal(2, simulator[Doors[0]].Snapshot().CredentialCount);
        Assert.Equal(1, simulator[Doors[3]].Snapshot().CredentialCount);

        var lockIds = shared.Staged.Locks.Select(l => l.LockId).ToList();
        await Eventually.ValueAsync(
            () => host.WithDbAsync(db => db.Set<LockOutboxMessage>().CountAsync(m => lockIds.Contains(m.LockId) && m.CompletedAt == null)),
            open => open == 0,
            "every outbox row of the shared commit to be completed");
        var behind = await host.WithDbAsync(db => db.Locks.CountAsync(l => lockIds.Contains(l.Id) && l.AppliedVersion != l.DesiredVersion));
        Assert.Equal(0, behind);
    }
}
