using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Citizen;

/// <summary>
/// Right of access (GDPR art. 15): every entry attempt made with the citizen's own keys, as the
/// audit log keeps it (personal entry data is deleted after 30 days), newest first.
/// </summary>
public sealed class EntriesModel(AuditQueries audit, GuestAccessDb db, CurrentUser caller) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<EntryView> Entries { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public IReadOnlyDictionary<Guid, string> Doors { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Sites { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken)
    {
        var filter = new EntryFilter(null, null, null, null, null, null, null, null, null, cursor is { Length: > 0 and < 200 } ? cursor : null, PageSize);
        var page = await audit.OwnEntriesAsync(caller.RequiredUserId, filter, cancellationToken);
        Entries = page.Items;
        NextCursor = page.NextCursor;
        var doorIds = Entries.Select(e => e.DoorId).Distinct().ToList();
        var siteIds = Entries.Select(e => e.SiteId).Distinct().ToList();
        Doors = await db.Doors.AsNoTracking().Where(d => doorIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        Sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }
}
