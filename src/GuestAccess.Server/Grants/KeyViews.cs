using System.Globalization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>Turns grants into what holders and staff see, with every door's delivery state.</summary>
public static class KeyViews
{
    /// <summary>Keys of the grants the query selects (access must already be enforced in the query), newest first.</summary>
    public static async Task<IReadOnlyList<KeyDto>> DescribeAsync(GuestAccessDb db, IQueryable<AccessGrant> grants, CancellationToken cancellationToken)
    {
        var found = await grants.AsNoTracking().Include(g => g.Doors).OrderByDescending(g => g.ValidFrom).ToListAsync(cancellationToken);
        return await DescribeAsync(db, found, cancellationToken);
    }

    public static async Task<IReadOnlyList<KeyDto>> DescribeAsync(GuestAccessDb db, IReadOnlyList<AccessGrant> grants, CancellationToken cancellationToken)
    {
        if (grants.Count == 0)
        {
            return [];
        }

        var grantIds = grants.Select(g => g.Id).ToList();
        var siteIds = grants.Select(g => g.SiteId).Distinct().ToList();
        var doorIds = grants.SelectMany(g => g.Doors.Select(d => d.DoorId)).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new SiteRefDto(s.Id, s.Slug, s.Name), cancellationToken);
        var doors = await db.Doors.AsNoTracking().Where(d => doorIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var credentials = await db.Credentials.AsNoTracking().Where(c => grantIds.Contains(c.GrantId) && c.Status == CredentialStatus.Active)
            .Select(c => new { c.GrantId, c.Kind, c.IssuedAt }).ToListAsync(cancellationToken);
        return grants.Select(g => Describe(
            g,
            sites[g.SiteId],
            doors,
            credentials.Where(c => c.GrantId == g.Id && c.Kind == CredentialKind.Pin).Select(c => (DateTimeOffset?)c.IssuedAt).Max(),
            credentials.Where(c => c.GrantId == g.Id && c.Kind == CredentialKind.MobileKey).Select(c => (DateTimeOffset?)c.IssuedAt).Max())).ToList();
    }

    public static KeyDto Describe(AccessGrant grant, SiteRefDto site, IReadOnlyDictionary<Guid, Door> doors, DateTimeOffset? pinIssuedAt, DateTimeOffset? mobileKeyIssuedAt)
    {
        var doorDtos = grant.Doors
            .Select(d => (Grant: d, Door: doors[d.DoorId]))
            .OrderBy(x => x.Door.Kind).ThenBy(x => x.Door.Name, StringComparer.Ordinal)
            .Select(x => new KeyDoorDto(x.Door.Id, x.Door.Slug, x.Door.Name, x.Door.Kind, Readiness(x.Grant.State), x.Grant.FailureReason, x.Grant.UpdatedAt))
            .ToList();
        return new KeyDto(
            grant.Id,
            grant.Origin,
            grant.BookingId,
            site,
            grant.ValidFrom,
            grant.ValidUntil,
            Schedule(grant.Schedule),
            grant.Status,
            Overall(doorDtos.Select(d => d.State).ToList()),
            doorDtos,
            new KeyCredentialsDto(pinIssuedAt, mobileKeyIssuedAt));
    }

    public static IReadOnlyList<ScheduleWindowDto>? Schedule(WeeklySchedule? schedule) =>
        schedule?.Windows.Select(w => new ScheduleWindowDto(w.Day, Clock(w.Start), Clock(w.End))).ToList();

    public static DoorReadiness Readiness(DoorDeliveryState state) => state switch
    {
        DoorDeliveryState.Pending => DoorReadiness.Pending,
        DoorDeliveryState.Applied => DoorReadiness.Ready,
        DoorDeliveryState.Failed => DoorReadiness.Failed,
        DoorDeliveryState.Removed => DoorReadiness.Removed,
    };

    public static KeyReadiness Overall(IReadOnlyCollection<DoorReadiness> doors) =>
        doors.Any(d => d == DoorReadiness.Failed) ? KeyReadiness.Failed
        : doors.Count > 0 && doors.All(d => d == DoorReadiness.Ready) ? KeyReadiness.Ready
        : doors.Count > 0 && doors.All(d => d == DoorReadiness.Removed) ? KeyReadiness.Removed
        : KeyReadiness.Pending;

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
