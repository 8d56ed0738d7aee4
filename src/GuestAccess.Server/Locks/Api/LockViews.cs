using GuestAccess.Domain.Locks;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Api;

/// <summary>Reads locks for the API, with the caller's site scope applied inside the query.</summary>
internal static class LockViews
{
    /// <summary>Locks addressed by lock id ("dokk1-hovedindgang") or by GUID, within the scope.</summary>
    public static IQueryable<LockController> Find(GuestAccessDb db, SiteScope scope, string key) =>
        (Guid.TryParse(key, out var id) ? db.Locks.Where(l => l.Id == id) : db.Locks.Where(l => l.DeviceId == key))
        .WhereSiteIn(scope, l => l.SiteId);

    public static async Task<List<LockDto>> DescribeAsync(GuestAccessDb db, IQueryable<LockController> locks, CancellationToken cancellationToken)
    {
        var rows = await (from l in locks.AsNoTracking()
                          join d in db.Doors on l.DoorId equals d.Id
                          join s in db.Sites on l.SiteId equals s.Id
                          join state in db.LockSyncStates() on l.Id equals state.LockId into states
                          from state in states.DefaultIfEmpty()
                          orderby d.Name
                          select new
                          {
                              Lock = l,
                              DoorSlug = d.Slug,
                              DoorName = d.Name,
                              SiteSlug = s.Slug,
                              Lockdown = state != null && state.Lockdown,
                              Pending = db.LockOutbox().Count(m => m.LockId == l.Id && m.CompletedAt == null && m.Kind == LockOutboxKind.Credentials),
                              Failure = db.LockOutbox().Where(m => m.LockId == l.Id && m.CompletedAt == null && m.FailureReason != null).OrderBy(m => m.Id).Select(m => m.FailureReason).FirstOrDefault(),
                          })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new LockDto(
            r.Lock.Id, r.Lock.DeviceId, r.Lock.DoorId, r.DoorSlug, r.DoorName, r.SiteSlug, r.Lock.Lifecycle, r.Lock.Connectivity, r.Lock.LastSeenAt,
            r.Lock.BatteryPercent, r.Lock.FirmwareVersion, r.Lock.DesiredVersion, r.Lock.AppliedVersion, r.Lock.AppliedVersion == r.Lock.DesiredVersion,
            r.Lock.ClockSkew?.TotalSeconds, r.Lockdown, r.Pending, r.Failure)).ToList();
    }

    public static RemoteUnlockDto Describe(LockOutboxMessage message, string lockId) => new(
        message.Id,
        lockId,
        message.Outcome is { } outcome
            ? outcome switch
            {
                LockOutboxOutcome.Applied => "applied",
                LockOutboxOutcome.Failed => "failed",
                LockOutboxOutcome.Expired => "expired",
            }
            : "pending",
        message.Reason ?? string.Empty,
        message.DurationSeconds ?? 0,
        message.CreatedAt,
        message.ExpiresAt ?? message.CreatedAt,
        message.CompletedAt,
        message.FailureReason);
}
