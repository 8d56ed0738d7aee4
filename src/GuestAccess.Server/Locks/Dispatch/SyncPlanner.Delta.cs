using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Deltas (<c>apply_credentials</c>) for many locks at once.</summary>
internal static partial class SyncPlanner
{
    /// <summary>
    /// The delta of every lock in <paramref name="locks"/>, or null where it does not fit a command
    /// (the caller sends a full sync). One query for the entries and one for the revocations of all
    /// of them, each bounded by the applied version stored for its lock; that stored version is
    /// never above what the dispatcher knows (it writes it), so what the query returns is a
    /// superset, narrowed here to each lock's own applied version. A lock whose stored version is
    /// ahead (not expected) is read on its own.
    /// </summary>
    private static async Task<IReadOnlyList<(LockRuntime Runtime, LockTarget Target, LockCommand? Delta)>> DeltasAsync(
        GuestAccessDb db, IReadOnlyList<(LockRuntime Runtime, LockTarget Target)> locks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = new List<(LockRuntime, LockTarget, LockCommand?)>(locks.Count);
        var shared = locks.Where(l => l.Target.StoredApplied <= l.Runtime.Applied).ToList();
        foreach (var (runtime, target) in locks.Except(shared))
        {
            var changed = await db.LockCredentialEntries().AsNoTracking()
                .Where(e => e.LockId == runtime.Id && e.Kind == LockCredentialKind.Pin
                    && ((e.RemovedVersion == null && e.AddedVersion > runtime.Applied) || e.RemovedVersion > runtime.Applied))
                .ToListAsync(cancellationToken);
            var revocations = await Revocations(db, runtime.Id, now).Where(r => r.AddedVersion > runtime.Applied).ToListAsync(cancellationToken);
            results.Add((runtime, target, Delta(runtime, target.DesiredVersion, changed, revocations)));
        }

        if (shared.Count == 0)
        {
            return results;
        }

        var ids = shared.Select(l => l.Runtime.Id).ToList();
        var entries = await (from e in db.LockCredentialEntries().AsNoTracking()
                             join l in db.Locks on e.LockId equals l.Id
                             where ids.Contains(e.LockId) && e.Kind == LockCredentialKind.Pin
                                 && ((e.RemovedVersion == null && e.AddedVersion > l.AppliedVersion) || e.RemovedVersion > l.AppliedVersion)
                             select e).ToListAsync(cancellationToken);
        var revoked = await (from r in db.LockRevocationEntries().AsNoTracking()
                             join l in db.Locks on r.LockId equals l.Id
                             where ids.Contains(r.LockId) && r.Until > now && r.AddedVersion > l.AppliedVersion
                             select r).ToListAsync(cancellationToken);
        var entriesByLock = entries.ToLookup(e => e.LockId);
        var revokedByLock = revoked.ToLookup(r => r.LockId);
        foreach (var (runtime, target) in shared)
        {
            results.Add((runtime, target, Delta(runtime, target.DesiredVersion, entriesByLock[runtime.Id], revokedByLock[runtime.Id])));
        }

        return results;
    }

    /// <summary>The delta from the lock's applied version out of rows that include (at least) every row it needs.</summary>
    private static ApplyCredentials? Delta(LockRuntime runtime, long desired, IEnumerable<LockCredentialEntry> rows, IEnumerable<LockRevocationEntry> revocationRows)
    {
        var applied = runtime.Applied;
        var changed = rows.Where(e => (e.RemovedVersion is null && e.AddedVersion > applied) || e.RemovedVersion > applied).OrderBy(e => e.AddedVersion).ToList();
        var upserts = changed.Where(e => e.RemovedVersion is null).ToList();
        var removals = changed.Where(e => e.RemovedVersion is not null).ToList();
        var revocations = revocationRows.Where(r => r.AddedVersion > applied).OrderBy(r => r.AddedVersion).ToList();
        if (upserts.Count > MaxEntries || removals.Count > MaxEntries || revocations.Count > MaxEntries)
        {
            return null;
        }

        return new ApplyCredentials
        {
            CommandId = NewId("apply"),
            Lock = runtime.LockId,
            FromVersion = applied,
            ToVersion = desired,
            Upserts = upserts.Select(ToWire).ToList(),
            Removals = removals.Select(e => LockWireIds.Credential(e.CredentialId)).ToList(),
            Revocations = revocations.Select(ToWire).ToList(),
        };
    }
}
