using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Ownership;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Several server instances (Locks/Ownership): every instance tracks every lock's status, but only
/// the instance holding a lock's partition plans, sends, times out and records its delivery. A
/// commit for a lock driven elsewhere is forwarded to its owner; a partition taken over is
/// rescanned from the database, where the previous owner left its outbox and applied version.
/// </summary>
internal sealed partial class LockDispatcher
{
    private IReadOnlyCollection<Guid> OwnedOrForwarded(FleetInput.OutboxCommitted committed)
    {
        if (!ownership.IsClustered)
        {
            return committed.LockIds;
        }

        var mine = new List<Guid>(committed.LockIds.Count);
        var theirs = new List<Guid>();
        foreach (var id in committed.LockIds)
        {
            (ownership.Owns(id) ? mine : theirs).Add(id);
        }

        if (!committed.Remote && theirs.Count > 0)
        {
            ownership.Forward(FleetSignal.OutboxCommitted, theirs);
        }

        return mine;
    }

    /// <summary>The status of a lock another instance drives: kept in memory only, ready for a takeover.</summary>
    private static void ObserveForeignStatus(LockRuntime runtime, LockStatus status)
    {
        runtime.Connectivity = status.State == LockState.Offline ? LockConnectivity.Offline : LockConnectivity.Online;
        runtime.ReportedLockdown = status.Lockdown ?? runtime.ReportedLockdown;
    }

    private async Task OnOwnershipChangedAsync(GuestAccessDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gained = new List<Guid>();
        foreach (var runtime in _byId.Values)
        {
            var owns = ownership.Owns(runtime.Id);
            if (owns == runtime.Owned)
            {
                continue;
            }

            runtime.Owned = owns;
            if (owns)
            {
                gained.Add(runtime.Id);
                continue;
            }

            // Handed over: forget what was in flight; the new owner plans from the database.
            runtime.Inflight = null;
            runtime.LastSent = null;
            runtime.DeliveryDeadline = null;
            runtime.PendingSince = null;
            runtime.Unlocks.Clear();
            _dirty.Remove(runtime.Id);
        }

        if (gained.Count == 0)
        {
            return;
        }

        // The previous owner recorded what the locks applied; start from there (a lock that applied
        // more answers the next command with its version, or version_gap leads to a full sync).
        var applied = await db.Locks.AsNoTracking().Where(l => gained.Contains(l.Id))
            .Select(l => new { l.Id, l.AppliedVersion, l.Connectivity }).ToListAsync(cancellationToken);
        foreach (var row in applied)
        {
            var runtime = _byId[row.Id];
            runtime.Applied = row.AppliedVersion;
            runtime.Parked = false;
            runtime.Attempts = 0;
            runtime.RetryAt = null;
            runtime.ForceFull = false;
            if (runtime.Connectivity == LockConnectivity.Unknown)
            {
                runtime.Connectivity = row.Connectivity;
            }

            _dirty.Add(row.Id);
        }

        await ScanOutboxAsync(db, now, cancellationToken);
    }
}
