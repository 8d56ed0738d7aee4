using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Bookings;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Citizen;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Citizen;

/// <summary>
/// Confirm and book a room found with the search. The form carries an idempotency key, so a
/// double click or a resubmitted form books once; the new PIN goes to the booking's page.
/// </summary>
public sealed class BookModel(GuestAccessDb db, BookingService bookings, CurrentUser caller, WebText l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public RoomSearchForm Search { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "room")]
    public string? RoomSlug { get; set; }

    [BindProperty]
    public string? IdempotencyKey { get; set; }

    public FormErrors Errors { get; } = new();

    public Room Room { get; private set; } = null!;

    public Site Site { get; private set; } = null!;

    public TimeInterval Requested { get; private set; }

    public int People { get; private set; }

    public IReadOnlyList<Door> Doors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Errors.Any)
        {
            return Page();
        }

        var key = IdempotencyKey is { Length: > 0 and <= 64 } k && k.All(char.IsAsciiLetterOrDigit) ? k : null;
        try
        {
            switch (await bookings.CreateAsync(caller.RequiredUserId, new BookingCommand(Room.Slug, Requested, People), key, cancellationToken))
            {
                case BookingIssued issued:
                    PinFlash.Put(TempData, issued.Booking.Id, issued.Secrets.Pin);
                    return Redirect($"/my/bookings/{issued.Booking.Id}");
                case BookingReplayed replayed:
                    return Redirect($"/my/bookings/{replayed.Booking.Id}");
                case BookingRejected rejected:
                    foreach (var violation in rejected.Violations)
                    {
                        Errors.Add(string.Empty, ErrorCatalog.ForCode(violation.Code).Title(l.English));
                    }

                    break;
            }
        }
        catch (DomainException refused)
        {
            Errors.Add(string.Empty, ErrorCatalog.ForCode(refused.Code).Title(l.English));
        }

        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var room = await db.Rooms.AsNoTracking().Include(r => r.Doors).SingleOrDefaultAsync(r => r.Slug == RoomSlug, cancellationToken);
        if (room is null)
        {
            return false;
        }

        Room = room;
        Site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == room.SiteId, cancellationToken);
        var doorIds = await BookingKeys.DoorsAsync(db, Site.Id, room, cancellationToken);
        Doors = await db.Doors.AsNoTracking().Where(d => doorIds.Contains(d.Id)).OrderBy(d => d.Kind).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        if (Search.Read([Site], Errors, l) is { } search)
        {
            Requested = RoomFinder.Requested(search, Site.TimeZone);
            People = search.People;
        }

        return true;
    }
}
