using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Auditor;

/// <summary>A site, door or room by id, slug and name.</summary>
public sealed record Place(Guid Id, Guid SiteId, string Slug, string Name);

/// <summary>
/// The sites, doors and rooms an auditor may look into (their audited sites; all for an auditor
/// of every site), for the pages' choices and for naming what the log refers to by id.
/// </summary>
public sealed class AuditedPlaces(GuestAccessDb db, CurrentUser caller)
{
    public IReadOnlyList<Place> Sites { get; private set; } = [];

    public IReadOnlyList<Place> Doors { get; private set; } = [];

    public IReadOnlyList<Place> Rooms { get; private set; } = [];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var scope = caller.AuditedSites;
        Sites = await db.Sites.AsNoTracking().WhereSiteIn(scope, s => s.Id).OrderBy(s => s.Name)
            .Select(s => new Place(s.Id, s.Id, s.Slug, s.Name)).ToListAsync(cancellationToken);
        Doors = await db.Doors.AsNoTracking().WhereSiteIn(scope, d => d.SiteId).OrderBy(d => d.Name)
            .Select(d => new Place(d.Id, d.SiteId, d.Slug, d.Name)).ToListAsync(cancellationToken);
        Rooms = await db.Rooms.AsNoTracking().WhereSiteIn(scope, r => r.SiteId).OrderBy(r => r.Name)
            .Select(r => new Place(r.Id, r.SiteId, r.Slug, r.Name)).ToListAsync(cancellationToken);
    }

    public Place? Site(string? slug) => Sites.FirstOrDefault(s => s.Slug == slug);

    public Place? Door(string? slug) => Doors.FirstOrDefault(d => d.Slug == slug);

    public Place? Room(string? slug) => Rooms.FirstOrDefault(r => r.Slug == slug);

    public string SiteName(Guid id) => Sites.FirstOrDefault(s => s.Id == id)?.Name ?? id.ToString();

    public string DoorName(Guid id) => Doors.FirstOrDefault(d => d.Id == id)?.Name ?? id.ToString();

    /// <summary>Choices "Site – Door" (or room), site by site.</summary>
    public IEnumerable<(string Value, string Text)> Choices(IReadOnlyList<Place> places) =>
        places.OrderBy(p => SiteName(p.SiteId)).ThenBy(p => p.Name).Select(p => (p.Slug, $"{SiteName(p.SiteId)} – {p.Name}"));
}
