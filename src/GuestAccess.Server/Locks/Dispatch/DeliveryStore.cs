using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// The dispatcher's writes. Set-based updates of the columns the fleet owns (applied version,
/// status, delivery states), deliberately not through the tracked entities and their
/// concurrency token: the dispatcher is their single writer, and staging at the same time must
/// not fail on a version bump it does not care about.
/// </summary>
internal static partial class DeliveryStore
{
    public static Task RecordReportedLockdownAsync(GuestAccessDb db, Guid lockId, bool lockdown, CancellationToken cancellationToken) =>
        db.LockSyncStates().Where(s => s.LockId == lockId && s.ReportedLockdown != lockdown)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReportedLockdown, lockdown), cancellationToken);

    /// <summary>Pending doors of this lock (up to <paramref name="upTo"/>, or all) are marked failed with a reason; their outbox rows stay open for the retry.</summary>
    public static async Task MarkFailedAsync(GuestAccessDb db, LockRuntime runtime, long? upTo, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = upTo ?? long.MaxValue;
        await db.GrantDoors.Where(d => d.DoorId == runtime.DoorId && d.State == DoorDeliveryState.Pending && d.TargetVersion <= limit)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DoorDeliveryState.Failed).SetProperty(d => d.FailureReason, reason).SetProperty(d => d.UpdatedAt, now), cancellationToken);
        await db.LockOutbox().Where(m => m.LockId == runtime.Id && m.Kind == LockOutboxKind.Credentials && m.CompletedAt == null && m.TargetVersion <= limit)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.FailureReason, reason), cancellationToken);
    }

    public static Task RecordStatusAsync(GuestAccessDb db, LockRuntime runtime, LockStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status.State == LockState.Offline)
        {
            return db.Locks.Where(l => l.Id == runtime.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Connectivity, LockConnectivity.Offline), cancellationToken);
        }

        var skew = status.Clock is { } clock ? clock - now : (TimeSpan?)null;
        return RecordOnlineAsync(db, runtime, status, now, skew, cancellationToken);
    }

    private static async Task RecordOnlineAsync(GuestAccessDb db, LockRuntime runtime, LockStatus status, DateTimeOffset now, TimeSpan? skew, CancellationToken cancellationToken)
    {
        await db.Locks.Where(l => l.Id == runtime.Id).ExecuteUpdateAsync(
            s => s.SetProperty(l => l.Connectivity, LockConnectivity.Online)
                .SetProperty(l => l.LastSeenAt, now)
                .SetProperty(l => l.BatteryPercent, status.BatteryPercent)
                .SetProperty(l => l.FirmwareVersion, status.Firmware)
                .SetProperty(l => l.ClockSkew, skew),
            cancellationToken);
        await db.LockSyncStates().Where(s => s.LockId == runtime.Id).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.ReportedLastEventSeq, status.LastEventSeq).SetProperty(x => x.ReportedPendingEvents, status.PendingEvents),
            cancellationToken);
    }

    public static Task MarkUnlockSentAsync(GuestAccessDb db, long outboxId, string commandId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.LockOutbox().Where(m => m.Id == outboxId).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.CommandId, commandId).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastAttemptAt, now),
            cancellationToken);

    public static Task CompleteAsync(GuestAccessDb db, long outboxId, LockOutboxOutcome outcome, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.LockOutbox().Where(m => m.Id == outboxId && m.CompletedAt == null).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.CompletedAt, now).SetProperty(m => m.Outcome, outcome).SetProperty(m => m.FailureReason, reason),
            cancellationToken);

    /// <summary>
    /// Off the hot path (the dispatcher's periodic scan): drops what locks no longer need —
    /// removals they applied (raising their delta floor), revocations past their end, and
    /// completed outbox rows older than the retention.
    /// </summary>
    public static async Task PruneAsync(GuestAccessDb db, DateTimeOffset now, TimeSpan outboxRetention, CancellationToken cancellationToken)
    {
        var applied = await (from e in db.LockCredentialEntries()
                             join l in db.Locks on e.LockId equals l.Id
                             where e.RemovedVersion <= l.AppliedVersion
                             group e by e.LockId into g
                             select new { LockId = g.Key, Floor = g.Max(e => e.RemovedVersion)!.Value })
            .ToListAsync(cancellationToken);
        foreach (var item in applied)
        {
            await db.LockCredentialEntries().Where(e => e.LockId == item.LockId && e.RemovedVersion <= item.Floor).ExecuteDeleteAsync(cancellationToken);
            await db.LockSyncStates().Where(s => s.LockId == item.LockId && s.DeltaFloor < item.Floor)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DeltaFloor, item.Floor), cancellationToken);
        }

        await db.LockRevocationEntries().Where(r => r.Until < now).ExecuteDeleteAsync(cancellationToken);
        var cutoff = now - outboxRetention;
        await db.LockOutbox().Where(m => m.CompletedAt != null && m.CompletedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
