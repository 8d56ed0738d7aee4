using System.Globalization;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Caretaker;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Caretaker;

/// <summary>
/// One lock of a managed site (any other is not found): its state, and remote unlock with a
/// reason. After an unlock the page follows how it went (pending, applied, failed, expired).
/// </summary>
public sealed class LockModel(CaretakerSites sites, GuestAccessDb db, LockFleet fleet, IAuditTrail audit, CurrentUser caller, WebText l) : PageModel
{
    public LockDto Lock { get; private set; } = null!;

    public RemoteUnlockDto? Unlock { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Reason { get; private set; }

    public string Duration { get; private set; } = "5";

    public async Task<IActionResult> OnGetAsync(string @lock, long? unlock, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(@lock, unlock, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    /// <summary>How the remote unlock went, for the page's script to refresh in place.</summary>
    public async Task<IActionResult> OnGetUnlockAsync(string @lock, long unlock, CancellationToken cancellationToken) =>
        await LoadAsync(@lock, unlock, cancellationToken) && Unlock is { } found ? Partial("_RemoteUnlock", found) : NotFound();

    public async Task<IActionResult> OnPostUnlockAsync(string @lock, string? reason, string? duration, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(@lock, null, cancellationToken))
        {
            return NotFound();
        }

        Reason = reason?.Trim();
        Duration = duration?.Trim() ?? string.Empty;
        var seconds = int.TryParse(Duration, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        Errors.When(!WireText.IsFreeText(Reason, LockOutboxMessage.MaxReasonLength), "reason", l.T("Skriv en begrundelse på 1-200 tegn.", "Give a reason of 1-200 characters."))
            .When(seconds is < 1 or > RemoteUnlock.MaxDurationSeconds, "duration", l.T("Angiv 1-60 sekunder.", "Give 1-60 seconds."));
        if (Errors.Any)
        {
            return Page();
        }

        var message = await fleet.StageRemoteUnlockAsync(db, Lock.Id, Reason!, caller.RequiredUserId, seconds, cancellationToken);
        await LockAudit.RemoteUnlockAsync(audit, caller.RequiredUserId, await SiteOfAsync(cancellationToken), Lock.DoorId, Lock.Id, Reason!, seconds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/caretaker/locks/{Lock.LockId}?unlock={message.Id}");
    }

    private Task<Guid> SiteOfAsync(CancellationToken cancellationToken) =>
        db.Locks.AsNoTracking().Where(x => x.Id == Lock.Id).Select(x => x.SiteId).SingleAsync(cancellationToken);

    private async Task<bool> LoadAsync(string key, long? unlock, CancellationToken cancellationToken)
    {
        if (await sites.LockAsync(key, cancellationToken) is not { } found)
        {
            return false;
        }

        Lock = found;
        if (unlock is { } id)
        {
            var message = await db.LockOutbox().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.LockId == found.Id && m.Kind == LockOutboxKind.RemoteUnlock, cancellationToken);
            Unlock = message is null ? null : LockViews.Describe(message, found.LockId);
        }

        return true;
    }
}
