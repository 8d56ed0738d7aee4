using System.Diagnostics;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// The public way to change what locks do. Every method writes the desired-state change and its
/// outbox rows into the caller's <see cref="GuestAccessDb"/> — the transactional outbox: they
/// commit or roll back together with the caller's own change (a booking, a revocation). Call it
/// inside a transaction, then <c>SaveChangesAsync</c> and <c>CommitAsync</c>; the dispatcher is
/// woken by the commit and delivers within milliseconds. Each grant door goes to
/// <see cref="DoorDeliveryState.Pending"/> with its lock's target version, and later to Applied /
/// Removed (acknowledged) or Failed (with a <see cref="DeliveryFailure"/> reason).
/// </summary>
public sealed class LockFleet(TimeProvider clock, IOptions<LockFleetOptions> options)
{
    /// <summary>
    /// Makes the credentials of an active grant exactly <paramref name="credentials"/> at the
    /// locks of its doors (PINs are pushed, mobile keys tracked). Credentials of the grant not in
    /// the list are removed and revoked; doors that left the grant lose them. For a grant that is
    /// no longer active this is <see cref="StageRevocationAsync"/>. The grant must be tracked by
    /// <paramref name="db"/> with its doors loaded.
    /// </summary>
    public async Task<StagedChange> StageGrantAsync(GuestAccessDb db, AccessGrant grant, IReadOnlyList<CredentialMaterial> credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(credentials);
        if (grant.Status != GrantStatus.Active)
        {
            return await StageRevocationAsync(db, grant, cancellationToken);
        }

        FleetTargets.RequireTransaction(db);
        using var activity = StartStageActivity("grant", grant.Id);
        var now = clock.GetUtcNow();
        var timeZone = await FleetTargets.TimeZoneAsync(db, grant.SiteId, cancellationToken);
        var schedule = grant.Schedule is null ? null : ScheduleMapping.Serialize(ScheduleMapping.ToWire(grant.Schedule, timeZone, now));
        var doorIds = grant.Doors.Select(d => d.DoorId).ToList();
        var targets = await FleetTargets.LoadAsync(db, db.Locks.Where(l => doorIds.Contains(l.DoorId)), cancellationToken);
        // A grant added in this unit of work has no entries stored yet (a query would not return added ones either).
        var entries = db.Entry(grant).State == EntityState.Added ? [] : await db.LockCredentialEntries().Where(e => e.GrantId == grant.Id).ToListAsync(cancellationToken);
        var editor = new DesiredSetEditor(db, now, TraceParent(), cancellationToken);
        var wanted = credentials.Select(c => c.CredentialId).ToHashSet();
        var result = new List<StagedLock>();

        foreach (var target in targets.Where(t => t.Lifecycle != LockLifecycle.Decommissioned))
        {
            foreach (var material in credentials)
            {
                var (kind, salt, hash) = material switch
                {
                    PinMaterial pin => (LockCredentialKind.Pin, pin.Salt, pin.Hash),
                    _ => (LockCredentialKind.MobileKey, (byte[]?)null, (byte[]?)null),
                };
                var entry = entries.Find(e => e.LockId == target.Id && e.CredentialId == material.CredentialId);
                if (entry is not null && entry.SameContent(salt, hash, grant.ValidFrom, grant.ValidUntil, schedule))
                {
                    continue;
                }

                if (entry is null)
                {
                    entry = new LockCredentialEntry(target.Id, material.CredentialId, grant.Id, kind);
                    db.LockCredentialEntries().Add(entry);
                    entries.Add(entry);
                }

                await editor.SetAsync(entry, salt, hash, grant.ValidFrom, grant.ValidUntil, schedule);
            }

            foreach (var stale in entries.Where(e => e.LockId == target.Id && e.IsPresent && !wanted.Contains(e.CredentialId)).ToList())
            {
                await editor.RemoveAsync(stale);
            }
        }

        // Doors that left the grant: their locks drop the grant's credentials.
        var kept = targets.Select(t => t.Id).ToHashSet();
        foreach (var stale in entries.Where(e => e.IsPresent && !kept.Contains(e.LockId)).ToList())
        {
            await editor.RemoveAsync(stale);
        }

        foreach (var door in grant.Doors)
        {
            result.Add(MarkDoor(door, targets.Find(t => t.DoorId == door.DoorId), editor, now));
        }

        editor.Publish(Deliverable(targets));
        return new StagedChange(result);
    }

    /// <summary>
    /// Removes every credential of a revoked or expired grant from its locks, with revocation
    /// entries for those whose window has not ended (mobile keys included). Its doors go to
    /// Pending and then to <see cref="DoorDeliveryState.Removed"/> when the locks acknowledge.
    /// </summary>
    public Task<StagedChange> StageRevocationAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return StageRevocationsAsync(db, [grant], cancellationToken);
    }

    /// <summary>
    /// <see cref="StageRevocationAsync"/> for many grants in one change (a site's emergency revoke,
    /// everything of one person): each lock gets one new version and one outbox row for all of
    /// them, and the statements are set-based — their number does not grow with the grants or locks.
    /// </summary>
    public async Task<StagedChange> StageRevocationsAsync(GuestAccessDb db, IReadOnlyCollection<AccessGrant> grants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(grants);
        if (grants.Any(g => g.Status == GrantStatus.Active))
        {
            throw new InvalidOperationException("Revoke (or expire) the grant before staging its revocation at the locks.");
        }

        if (grants.Count == 0)
        {
            return StagedChange.None;
        }

        FleetTargets.RequireTransaction(db);
        using var activity = StartStageActivity("revocation", grants.Count == 1 ? grants.First().Id : grants.First().SiteId);
        activity?.SetTag("guestaccess.grants", grants.Count);
        var now = clock.GetUtcNow();
        var grantIds = grants.Select(g => g.Id).ToList();
        var doorIds = grants.SelectMany(g => g.Doors).Select(d => d.DoorId).Distinct().ToList();
        var targets = await FleetTargets.LoadAsync(db, db.Locks.Where(l => doorIds.Contains(l.DoorId)), cancellationToken);
        var entries = await db.LockCredentialEntries().Where(e => grantIds.Contains(e.GrantId) && e.RemovedVersion == null).ToListAsync(cancellationToken);
        var editor = new DesiredSetEditor(db, now, TraceParent(), cancellationToken);
        if (grants.Count > 1)
        {
            await editor.PrepareAsync(entries.Select(e => e.LockId).Distinct().ToList());
            await editor.RemoveAllAsync(grantIds, entries);
        }
        else
        {
            foreach (var entry in entries)
            {
                await editor.RemoveAsync(entry);
            }
        }

        editor.Publish(Deliverable(targets));
        var byDoor = targets.ToDictionary(t => t.DoorId);
        return new StagedChange(grants.SelectMany(g => g.Doors).Select(d => MarkDoor(d, byDoor.GetValueOrDefault(d.DoorId), editor, now)).ToList());
    }

    /// <summary>
    /// Opens one door once, for <paramref name="durationSeconds"/> (1–60), if the lock can be
    /// reached within <see cref="LockFleetOptions.RemoteUnlockTimeout"/>; never later. The returned
    /// outbox row (its id is set by SaveChanges) records the outcome. Audit it in the same transaction.
    /// </summary>
    public async Task<LockOutboxMessage> StageRemoteUnlockAsync(GuestAccessDb db, Guid lockId, string reason, Guid actorId, int durationSeconds = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        RequireReason(reason);
        if (durationSeconds is < 1 or > RemoteUnlock.MaxDurationSeconds)
        {
            throw new DomainException("invalid_duration", $"A remote unlock lasts 1-{RemoteUnlock.MaxDurationSeconds} seconds.");
        }

        var lifecycle = await db.Locks.Where(l => l.Id == lockId).Select(l => (LockLifecycle?)l.Lifecycle).SingleOrDefaultAsync(cancellationToken);
        if (lifecycle != LockLifecycle.Provisioned)
        {
            throw new DomainException(lifecycle is null ? "lock_not_found" : DeliveryFailure.LockNotProvisioned, "The lock cannot be reached: it is not provisioned.");
        }

        using var activity = StartStageActivity("remote_unlock", lockId);
        var now = clock.GetUtcNow();
        var message = new LockOutboxMessage(lockId, LockOutboxKind.RemoteUnlock, now, TraceParent())
        {
            Reason = reason.Trim(),
            DurationSeconds = durationSeconds,
            ActorId = actorId,
            ExpiresAt = now + options.Value.RemoteUnlockTimeout,
        };
        db.LockOutbox().Add(message);
        return message;
    }

    /// <summary>
    /// Site emergency: every lock of the site drops every credential and refuses every PIN and
    /// mobile key until <see cref="StageLockdownLiftAsync"/>. Grants stay as they are on the server;
    /// their doors at the site are marked failed with <see cref="DeliveryFailure.SiteLockdown"/>.
    /// </summary>
    public Task<StagedChange> StageLockdownAsync(GuestAccessDb db, Guid siteId, string reason, Guid actorId, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        return SetLockdownAsync(db, siteId, reason.Trim(), actorId, lockdown: true, cancellationToken);
    }

    /// <summary>Lifts a site lockdown: every lock gets its full credential set back (a full sync) and the site's active grant doors go back to Pending.</summary>
    public Task<StagedChange> StageLockdownLiftAsync(GuestAccessDb db, Guid siteId, Guid actorId, CancellationToken cancellationToken = default) =>
        SetLockdownAsync(db, siteId, null, actorId, lockdown: false, cancellationToken);

    private async Task<StagedChange> SetLockdownAsync(GuestAccessDb db, Guid siteId, string? reason, Guid actorId, bool lockdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        FleetTargets.RequireTransaction(db);
        using var activity = StartStageActivity(lockdown ? "lockdown" : "lockdown_lift", siteId);
        var now = clock.GetUtcNow();
        await FleetTargets.EnsureSyncStatesAsync(db, cancellationToken);
        var locks = await db.Locks.Where(l => l.SiteId == siteId && l.Lifecycle != LockLifecycle.Decommissioned)
            .Select(l => new { l.Id, l.DoorId, l.DeviceId }).ToListAsync(cancellationToken);
        var ids = locks.Select(l => l.Id).ToList();
        var states = await db.LockSyncStates().Where(s => ids.Contains(s.LockId)).ToListAsync(cancellationToken);
        var editor = new DesiredSetEditor(db, now, TraceParent(), cancellationToken);
        foreach (var state in states)
        {
            state.SetLockdown(lockdown, reason);
            await editor.VersionForAsync(state.LockId, reason, actorId);
        }

        var doorIds = locks.Select(l => l.DoorId).ToList();
        var doors = await db.GrantDoors
            .Where(d => doorIds.Contains(d.DoorId) && db.Grants.Any(g => g.Id == d.GrantId && g.Status == GrantStatus.Active))
            .ToListAsync(cancellationToken);
        foreach (var door in doors)
        {
            var lockId = locks.Single(l => l.DoorId == door.DoorId).Id;
            door.MarkPending(editor.Bumped[lockId], now);
            if (lockdown)
            {
                door.MarkFailed(DeliveryFailure.SiteLockdown, now);
            }
        }

        return new StagedChange(locks.Select(l => new StagedLock(l.Id, l.DoorId, l.DeviceId, editor.Bumped[l.Id], lockdown ? DeliveryFailure.SiteLockdown : null)).ToList());
    }

    /// <summary>The locks the dispatcher sends a delta (the rest get a lockdown, a full sync or nothing).</summary>
    private static IEnumerable<Guid> Deliverable(IEnumerable<FleetTarget> targets) =>
        targets.Where(t => t.Lifecycle == LockLifecycle.Provisioned && !t.Lockdown).Select(t => t.Id);

    private static StagedLock MarkDoor(GrantDoor door, FleetTarget? target, DesiredSetEditor editor, DateTimeOffset now)
    {
        if (target is null)
        {
            door.MarkFailed(DeliveryFailure.NoLockController, now);
            return new StagedLock(Guid.Empty, door.DoorId, string.Empty, null, DeliveryFailure.NoLockController);
        }

        var changed = editor.Bumped.TryGetValue(target.Id, out var version);
        if (changed || door.TargetVersion is null)
        {
            door.MarkPending(changed ? version : target.DesiredVersion, now);
        }

        if (target.Undeliverable is { } reason)
        {
            door.MarkFailed(reason, now);
        }

        return new StagedLock(target.Id, door.DoorId, target.DeviceId, changed ? version : null, target.Undeliverable);
    }

    private static void RequireReason(string reason)
    {
        if (!WireText.IsFreeText(reason?.Trim(), LockOutboxMessage.MaxReasonLength))
        {
            throw new DomainException("reason_required", $"A reason of 1-{LockOutboxMessage.MaxReasonLength} characters without control characters is required.");
        }
    }

    /// <summary>The span whose context the outbox rows of this change carry (their traceparent).</summary>
    private static Activity? StartStageActivity(string change, Guid subject)
    {
        var activity = LockFleetTelemetry.Source.StartActivity("lock stage " + change, ActivityKind.Internal);
        activity?.SetTag("guestaccess.change", change);
        activity?.SetTag("guestaccess.subject_id", subject.ToString());
        return activity;
    }

    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}
