using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Caretaker;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Caretaker;

/// <summary>The doors and locks of one managed site, kept up to date by the page's script (or a reload); emergency revoke of every key at the site with a reason (and a lockdown), and lifting the lockdown.</summary>
public sealed class SiteModel(CaretakerSites sites, GuestAccessDb db, LockFleet fleet, GrantService grants, IAuditTrail audit, CurrentUser caller, WebText l) : PageModel
{
    public const string NoticeKey = "ga.site-notice";

    public SiteLocksView View { get; private set; } = null!;

    public FormErrors Errors { get; } = new();

    public string? Reason { get; private set; }

    /// <summary>Whether the emergency revoke also locks the site down (checked until the person unticks it).</summary>
    public bool AlsoLockdown { get; private set; } = true;

    public string? Notice { get; private set; }

    public bool Lockdown => View.Locks.Any(x => x.Lockdown);

    public async Task<IActionResult> OnGetAsync(string site, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken))
        {
            return NotFound();
        }

        Notice = TempData[NoticeKey] as string;
        return Page();
    }

    /// <summary>The locks table alone, for the page's script to refresh it in place.</summary>
    public async Task<IActionResult> OnGetLocksAsync(string site, CancellationToken cancellationToken) =>
        await LoadAsync(site, cancellationToken) ? Partial("_SiteLocks", View) : NotFound();

    /// <summary>Emergency revoke: every active key at the site is revoked (bookings cancelled, guests told), with the lockdown too when asked.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(string site, string? reason, bool lockdown, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken))
        {
            return NotFound();
        }

        Reason = reason?.Trim();
        AlsoLockdown = lockdown;
        if (!WireText.IsFreeText(Reason, LockOutboxMessage.MaxReasonLength))
        {
            Errors.Add("reason", l.T("Skriv en begrundelse på 1-200 tegn.", "Give a reason of 1-200 characters."));
            return Page();
        }

        var revoked = await grants.RevokeSiteAsync(caller.RequiredUserId, caller.ManagedSites, View.Site.Id, Reason!, lockdown, cancellationToken);
        TempData[NoticeKey] = lockdown
            ? l.T($"{revoked.Grants.Count} nøgler er tilbagekaldt, og nødstop er sat i gang: alle døre afviser alle pinkoder og mobilnøgler, til det ophæves.", $"{revoked.Grants.Count} keys revoked, and the lockdown started: every door refuses every PIN and mobile key until it is lifted.")
            : l.T($"{revoked.Grants.Count} nøgler er tilbagekaldt og fjernes fra låsene.", $"{revoked.Grants.Count} keys revoked; they are removed from the locks.");
        return Redirect($"/caretaker/sites/{View.Site.Slug}");
    }

    public async Task<IActionResult> OnPostLiftAsync(string site, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken))
        {
            return NotFound();
        }

        await LiftLockdownAsync(cancellationToken);
        TempData[NoticeKey] = l.T("Nødstoppet er ophævet: låsene får deres nøgler tilbage.", "The lockdown is lifted: the locks get their keys back.");
        return Redirect($"/caretaker/sites/{View.Site.Slug}");
    }

    private async Task LiftLockdownAsync(CancellationToken cancellationToken)
    {
        // As the lock API: audited first, outside the transaction (SQLite has one writer).
        await LockAudit.LockdownAsync(audit, caller.RequiredUserId, View.Site.Id, null, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await fleet.StageLockdownLiftAsync(db, View.Site.Id, caller.RequiredUserId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<bool> LoadAsync(string site, CancellationToken cancellationToken)
    {
        if (await sites.FindAsync(site, cancellationToken) is not { } found)
        {
            return false;
        }

        View = new SiteLocksView(found, await sites.LocksAsync(found.Id, cancellationToken));
        return true;
    }
}

/// <summary>A site and its locks, for the table the page refreshes.</summary>
public sealed record SiteLocksView(ManagedSite Site, IReadOnlyList<LockDto> Locks);
