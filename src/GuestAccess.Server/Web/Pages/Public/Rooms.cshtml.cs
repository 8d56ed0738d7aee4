using GuestAccess.Domain.Sites;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Citizen;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Public;

/// <summary>Find a room: library, date, time and people; the rooms big enough and whether the time is free.</summary>
public sealed class RoomsModel(GuestAccessDb db, RoomFinder finder, TimeProvider clock, WebText l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public RoomSearchForm Search { get; set; } = new();

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public IReadOnlyList<RoomMatch>? Matches { get; private set; }

    public int TooSmall { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        if (!Search.Submitted)
        {
            Search.FillDefaults(clock.GetUtcNow());
            return;
        }

        if (Search.Read(Sites, Errors, l) is { } search)
        {
            (Matches, TooSmall) = await finder.FindAsync(search, cancellationToken);
        }
    }
}
