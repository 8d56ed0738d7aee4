using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>The administrator's start: every site (with its doors, rooms and locks one click away) and the accounts.</summary>
public sealed class IndexModel(GuestAccessDb db) : PageModel
{
    public sealed record SiteRow(string Slug, string Name, string? City, int Doors, int Rooms, int Locks);

    public IReadOnlyList<SiteRow> Sites { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var doors = await db.Doors.AsNoTracking().GroupBy(d => d.SiteId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var rooms = await db.Rooms.AsNoTracking().GroupBy(r => r.SiteId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var locks = await db.Locks.AsNoTracking().GroupBy(l => l.SiteId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        Sites = sites.Select(s => new SiteRow(s.Slug, s.Name, s.Address.City, doors.GetValueOrDefault(s.Id), rooms.GetValueOrDefault(s.Id), locks.GetValueOrDefault(s.Id))).ToList();
    }
}
