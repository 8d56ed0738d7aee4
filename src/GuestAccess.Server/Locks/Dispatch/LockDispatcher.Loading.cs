using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Building the runtime state from the database: at start-up, and for one lock when it changes.</summary>
internal sealed partial class LockDispatcher
{
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        await FleetTargets.EnsureSyncStatesAsync(db, cancellationToken);
        var rows = await QueryLocks(db, db.Locks).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            Track(row);
        }

        await ScanOutboxAsync(db, now, cancellationToken);
        LockFleetLog.DispatcherStarted(logger, _byId.Count, _dirty.Count);
    }

    private async Task<LockRuntime?> LoadLockAsync(GuestAccessDb db, Guid lockId, CancellationToken cancellationToken)
    {
        // Locks are also created by seeding and administration, without the fleet's row.
        await FleetTargets.EnsureSyncStatesAsync(db, cancellationToken);
        var row = await QueryLocks(db, db.Locks.Where(l => l.Id == lockId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            Forget(lockId);
            return null;
        }

        return Track(row);
    }

    /// <summary>
    /// The safety net behind the commit signal (and the start-up load): every lock with open outbox
    /// rows or a desired version ahead of its applied one is (re)considered, every open remote
    /// unlock is tracked.
    /// </summary>
    private async Task ScanOutboxAsync(GuestAccessDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _nextSafetyScan = now + SafetyScanInterval;
        var behind = await db.Locks.Where(l => l.Lifecycle == LockLifecycle.Provisioned && l.DesiredVersion != l.AppliedVersion)
            .Select(l => l.Id)
            .Union(db.LockOutbox().Where(m => m.CompletedAt == null && m.Kind == LockOutboxKind.Credentials).Select(m => m.LockId))
            .ToListAsync(cancellationToken);
        foreach (var id in behind)
        {
            if (_byId.TryGetValue(id, out var runtime) && _dirty.Add(id))
            {
                runtime.DeliveryDeadline ??= now + Options.AckTimeout;
                runtime.PendingSince ??= now;
            }
        }

        var unlocks = await db.LockOutbox().AsNoTracking()
            .Where(m => m.CompletedAt == null && m.Kind == LockOutboxKind.RemoteUnlock)
            .ToListAsync(cancellationToken);
        foreach (var unlock in unlocks)
        {
            if (_byId.TryGetValue(unlock.LockId, out var runtime) && !runtime.Unlocks.ContainsKey(unlock.Id))
            {
                runtime.Unlocks[unlock.Id] = new PendingUnlock(unlock.Id, unlock.Reason ?? "-", unlock.DurationSeconds ?? 5, unlock.ExpiresAt ?? now, unlock.TraceParent);
                _dirty.Add(unlock.LockId);
            }
        }
    }

    private static IQueryable<LockRow> QueryLocks(GuestAccessDb db, IQueryable<LockController> locks) =>
        from l in locks.AsNoTracking()
        join s in db.LockSyncStates() on l.Id equals s.LockId into states
        from s in states.DefaultIfEmpty()
        select new LockRow(l.Id, l.DeviceId, l.DoorId, l.Lifecycle, l.AppliedVersion, s != null && s.ReportedLockdown);

    private LockRuntime? Track(LockRow row)
    {
        if (!LockId.TryParse(row.DeviceId, out var lockId))
        {
            return null;
        }

        if (!_byId.TryGetValue(row.Id, out var runtime))
        {
            runtime = new LockRuntime(row.Id, lockId, row.DoorId) { Applied = row.AppliedVersion, ReportedLockdown = row.ReportedLockdown, PersistedLockdown = row.ReportedLockdown, Owned = ownership.Owns(row.Id) };
            _byId[row.Id] = runtime;
            _byWire[lockId] = runtime;
        }

        runtime.Lifecycle = row.Lifecycle;
        if (row.Lifecycle != LockLifecycle.Provisioned)
        {
            runtime.Inflight = null;
            runtime.Unlocks.Clear();
            runtime.Connectivity = LockConnectivity.Unknown;
        }

        return runtime;
    }

    private void Forget(Guid lockId)
    {
        if (_byId.Remove(lockId, out var runtime))
        {
            _byWire.Remove(runtime.LockId);
            _dirty.Remove(lockId);
        }
    }

    private sealed record LockRow(Guid Id, string DeviceId, Guid DoorId, LockLifecycle Lifecycle, long AppliedVersion, bool ReportedLockdown);
}
