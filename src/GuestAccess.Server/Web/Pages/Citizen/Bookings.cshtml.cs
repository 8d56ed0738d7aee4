using GuestAccess.Server.Bookings;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Citizen;

/// <summary>The citizen's own bookings: upcoming by default, or all of them.</summary>
public sealed class BookingsModel(GuestAccessDb db, CurrentUser caller, TimeProvider clock) : PageModel
{
    public IReadOnlyList<BookingDto> Bookings { get; private set; } = [];

    public bool All { get; private set; }

    public bool Cancelled { get; private set; }

    public async Task OnGetAsync(string? show, CancellationToken cancellationToken)
    {
        All = show == "all";
        Cancelled = TempData["ga.cancelled"] is string;
        var mine = db.Bookings.Where(b => b.CitizenId == caller.RequiredUserId);
        Bookings = await BookingViews.DescribeAsync(db, All ? mine : mine.Upcoming(clock.GetUtcNow()), cancellationToken);
    }
}
