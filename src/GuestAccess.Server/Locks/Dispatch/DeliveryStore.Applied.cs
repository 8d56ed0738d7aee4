using GuestAccess.Domain.Grants;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Recording what locks acknowledged: one cheap statement per lock, the rest set-based for all of a turn's locks.</summary>
internal static partial class DeliveryStore
{
    /// <summary>The lock reported <paramref name="applied"/>: its row first (what the set-based part below reads).</summary>
    public static Task RecordAppliedVersionAsync(GuestAccessDb db, Guid lockId, long applied, CancellationToken cancellationToken) =>
        db.Locks.Where(l => l.Id == lockId).ExecuteUpdateAsync(s => s.SetProperty(l => l.AppliedVersion, applied), cancellationToken);

    /// <summary>
    /// After <see cref="RecordAppliedVersionAsync"/> for each of <paramref name="lockIds"/>: moves
    /// their doors' delivery states (not at a lock whose site is locked down) and their outbox rows
    /// up to each lock's stored applied version, in a few statements whatever the number of locks.
    /// Returns when the completed changes were created, and which locks still have changes pending.
    /// </summary>
    public static async Task<(IReadOnlyList<DateTimeOffset> Completed, IReadOnlySet<Guid> StillPending)> RecordAppliedAsync(
        GuestAccessDb db, IReadOnlyCollection<Guid> lockIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var acked = db.Locks.Where(l => lockIds.Contains(l.Id) && !db.LockSyncStates().Any(s => s.LockId == l.Id && s.Lockdown));
        // door_id IN (…) first: SQLite then walks the (door_id, state) index from the turn's few doors instead of scanning every grant door.
        var ackedDoors = acked.Select(l => l.DoorId);
        var settled = db.GrantDoors.Where(d => ackedDoors.Contains(d.DoorId) && (d.State == DoorDeliveryState.Pending || d.State == DoorDeliveryState.Failed)
            && acked.Any(l => l.DoorId == d.DoorId && d.TargetVersion <= l.AppliedVersion));
        // An active grant's door is now Applied, an ended grant's Removed: one statement for both.
        await settled.ExecuteUpdateAsync(
            s => s.SetProperty(d => d.State, d => db.Grants.Any(g => g.Id == d.GrantId && g.Status == GrantStatus.Active) ? DoorDeliveryState.Applied : DoorDeliveryState.Removed)
                .SetProperty(d => d.FailureReason, (string?)null)
                .SetProperty(d => d.UpdatedAt, now),
            cancellationToken);

        var open = await db.LockOutbox().Where(m => lockIds.Contains(m.LockId) && m.Kind == LockOutboxKind.Credentials && m.CompletedAt == null)
            .Select(m => new { m.Id, m.LockId, m.CreatedAt, Done = db.Locks.Any(l => l.Id == m.LockId && m.TargetVersion <= l.AppliedVersion) })
            .ToListAsync(cancellationToken);
        var done = open.Where(m => m.Done).Select(m => m.Id).ToList();
        if (done.Count > 0)
        {
            await db.LockOutbox().Where(m => done.Contains(m.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.CompletedAt, now).SetProperty(m => m.Outcome, LockOutboxOutcome.Applied).SetProperty(m => m.FailureReason, (string?)null), cancellationToken);
        }

        return (open.Where(m => m.Done).Select(m => m.CreatedAt).ToList(), open.Where(m => !m.Done).Select(m => m.LockId).ToHashSet());
    }
}
