using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>What a guest's message and a key need of their site: its name and time zone (not its opening hours).</summary>
public sealed record SiteLabel(Guid Id, string Name, string TimeZoneId)
{
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>One statement (the whole site would bring its weekly hours and exception days in two more); its zone is kept for the unit of work.</summary>
    public static async Task<SiteLabel> ReadAsync(GuestAccessDb db, Guid siteId, CancellationToken cancellationToken)
    {
        var label = await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => new SiteLabel(s.Id, s.Name, s.TimeZoneId)).SingleAsync(cancellationToken);
        db.SiteZones[siteId] = label.TimeZoneId;
        return label;
    }
}
