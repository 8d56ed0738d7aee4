using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Bookings;
using GuestAccess.Server.Grants;
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
/// One of the citizen's own bookings (anyone else's is not found): the PIN right after it was
/// made (once), the key's readiness at each door (refreshed by script, or by reloading), a new
/// PIN, and cancelling with a confirmation step. The page has no time limit.
/// </summary>
public sealed class BookingModel(GuestAccessDb db, BookingService bookings, HolderKeys keys, CurrentUser caller, TimeProvider clock, WebText l) : PageModel
{
    public BookingDto Booking { get; private set; } = null!;

    /// <summary>A PIN issued by the request just before this one; shown on this page view only.</summary>
    public string? Pin { get; private set; }

    public bool ConfirmCancel { get; private set; }

    public FormErrors Errors { get; } = new();

    public bool CanChange => Booking.Status == BookingStatus.Confirmed && Booking.End > clock.GetUtcNow();

    public bool KeyActive => Booking.Key is { Status: GrantStatus.Active };

    public bool HasMobileKey => KeyActive && Booking.Key!.Credentials.MobileKeyIssuedAt is not null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Pin = PinFlash.Take(TempData, id);
        return Page();
    }

    /// <summary>The key's readiness alone, for the page's script to refresh it without a reload.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) && Booking.Key is { } key ? Partial("_KeyStatus", key) : NotFound();

    /// <summary>The mobile key as a QR code (PNG), signed now for the citizen's own active key; never cached.</summary>
    public async Task<IActionResult> OnGetMobileKeyAsync(Guid id, [FromServices] MobileKeys mobileKeys, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Booking.Key is not { } key)
        {
            return NotFound();
        }

        var grant = await HolderKeys.Of(db, caller.RequiredUserId).AsNoTracking().Include(g => g.Doors).SingleAsync(g => g.Id == key.Id, cancellationToken);
        return await mobileKeys.TokenAsync(db, grant, cancellationToken) is { } token ? File(QrCodes.Png(token), "image/png") : NotFound();
    }

    public async Task<IActionResult> OnGetCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ConfirmCancel = CanChange;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await bookings.CancelAsync(caller.RequiredUserId, id, cancellationToken);
            TempData["ga.cancelled"] = id.ToString("N");
            return Redirect("/my/bookings");
        }
        catch (DomainException refused) when (refused.Code == "booking_not_found")
        {
            return NotFound();
        }
        catch (DomainException refused)
        {
            return await RefusedAsync(id, refused, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostPinAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Booking.Key is not { } key)
        {
            return NotFound();
        }

        try
        {
            var (_, pin) = await keys.ReissuePinAsync(caller.RequiredUserId, key.Id, cancellationToken);
            PinFlash.Put(TempData, id, pin);
            return Redirect($"/my/bookings/{id}");
        }
        catch (DomainException refused)
        {
            return await RefusedAsync(id, refused, cancellationToken);
        }
    }

    private async Task<IActionResult> RefusedAsync(Guid id, DomainException refused, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Errors.Add(string.Empty, ErrorCatalog.ForCode(refused.Code).Title(l.English));
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await BookingViews.DescribeAsync(db, db.Bookings.Where(b => b.Id == id && b.CitizenId == caller.RequiredUserId), cancellationToken);
        if (found.Count != 1)
        {
            return false;
        }

        Booking = found[0];
        return true;
    }
}
