using GuestAccess.Domain.Locks;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>A lock as staging sees it.</summary>
internal sealed record FleetTarget(Guid Id, Guid DoorId, string DeviceId, LockLifecycle Lifecycle, long DesiredVersion, bool Lockdown)
{
    public string? Undeliverable => Lifecycle switch
    {
        LockLifecycle.Decommissioned => DeliveryFailure.LockDecommissioned,
        LockLifecycle.Registered => DeliveryFailure.LockNotProvisioned,
        LockLifecycle.Provisioned => Lockdown ? DeliveryFailure.SiteLockdown : null,
    };
}

/// <summary>Reads the locks a change touches and moves their desired versions.</summary>
internal static class FleetTargets
{
    public static Task<List<FleetTarget>> LoadAsync(GuestAccessDb db, IQueryable<LockController> locks, CancellationToken cancellationToken) =>
        (from l in locks
         join s in db.LockSyncStates() on l.Id equals s.LockId into states
         from s in states.DefaultIfEmpty()
         select new FleetTarget(l.Id, l.DoorId, l.DeviceId, l.Lifecycle, l.DesiredVersion, s != null && s.Lockdown))
        .AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Atomically bumps a lock's desired version inside the caller's transaction and returns the
    /// new one. A set-based update, not the tracked entity: concurrent staging at the same lock
    /// (every booking touches the entrance door) serializes on the row instead of failing on the
    /// concurrency token.
    /// </summary>
    public static async Task<long> BumpAsync(GuestAccessDb db, Guid lockId, CancellationToken cancellationToken)
    {
        await db.Locks.Where(l => l.Id == lockId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.DesiredVersion, l => l.DesiredVersion + 1), cancellationToken);
        return await db.Locks.Where(l => l.Id == lockId).Select(l => l.DesiredVersion).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="BumpAsync"/> for many locks at once: one update, one read of the new versions.
    /// The caller's transaction holds the write lock (or the rows' locks), so the versions read are
    /// the ones this update wrote.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid LockId, long Version)>> BumpAllAsync(GuestAccessDb db, IReadOnlyCollection<Guid> lockIds, CancellationToken cancellationToken)
    {
        if (lockIds.Count == 0)
        {
            return [];
        }

        await db.Locks.Where(l => lockIds.Contains(l.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.DesiredVersion, l => l.DesiredVersion + 1), cancellationToken);
        var versions = await db.Locks.Where(l => lockIds.Contains(l.Id)).Select(l => new { l.Id, l.DesiredVersion }).ToListAsync(cancellationToken);
        return versions.Select(v => (v.Id, v.DesiredVersion)).ToList();
    }

    /// <summary>Every lock has a sync-state row (locks are also created by seeding and administration).</summary>
    public static Task EnsureSyncStatesAsync(GuestAccessDb db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            db.Database.IsSqlite()
                ? """
                  INSERT INTO lock_sync_states (lock_id, lockdown, lockdown_reason, delta_floor, reported_lockdown, reported_last_event_seq, reported_pending_events, confirmed_up_to)
                  SELECT c.id, 0, NULL, 0, 0, NULL, NULL, 0 FROM lock_controllers c
                  WHERE NOT EXISTS (SELECT 1 FROM lock_sync_states s WHERE s.lock_id = c.id)
                  """
                : """
                  INSERT INTO lock_sync_states (lock_id, lockdown, lockdown_reason, delta_floor, reported_lockdown, reported_last_event_seq, reported_pending_events, confirmed_up_to)
                  SELECT c.id, false, NULL, 0, false, NULL, NULL, 0 FROM lock_controllers c
                  WHERE NOT EXISTS (SELECT 1 FROM lock_sync_states s WHERE s.lock_id = c.id)
                  ON CONFLICT (lock_id) DO NOTHING
                  """,
            cancellationToken);

    /// <summary>A site's time zone: one query per unit of work (<see cref="GuestAccessDb.SiteZones"/>; a caller that read the site already put it there).</summary>
    public static async Task<string> TimeZoneAsync(GuestAccessDb db, Guid siteId, CancellationToken cancellationToken)
    {
        if (!db.SiteZones.TryGetValue(siteId, out var zone))
        {
            zone = await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
            db.SiteZones[siteId] = zone;
        }

        return zone;
    }

    public static void RequireTransaction(GuestAccessDb db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                "Stage the change inside a transaction: await using var tx = await db.Database.BeginTransactionAsync(ct); … await db.SaveChangesAsync(ct); await tx.CommitAsync(ct);");
        }
    }
}
