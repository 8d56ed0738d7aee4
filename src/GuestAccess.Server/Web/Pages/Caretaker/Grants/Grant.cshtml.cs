using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Caretaker;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Caretaker.Grants;

/// <summary>
/// One guest access at a managed site (any other is not found): the guest, each door's readiness,
/// editing doors, period and weekly schedule, a new PIN sent to the guest, and revoking with a reason.
/// </summary>
public sealed class GrantModel(GuestAccessDb db, CaretakerSites sites, GrantService grants, CurrentUser caller, WebText l) : PageModel
{
    public const string NoticeKey = "ga.grant-notice";

    public GrantDto Grant { get; private set; } = null!;

    public GrantFormView? Form { get; private set; }

    public FormErrors Errors { get; } = new();

    public FormErrors RevokeErrors { get; } = new();

    public string? Notice { get; private set; }

    public bool Active => Grant.Key.Status == GrantStatus.Active;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, null, cancellationToken))
        {
            return NotFound();
        }

        Notice = TempData[NoticeKey] as string;
        return Page();
    }

    /// <summary>The key's readiness at each door alone, for the page's script.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, null, cancellationToken) ? Partial("/Web/Pages/Citizen/_KeyStatus.cshtml", Grant.Key) : NotFound();

    public async Task<IActionResult> OnPostChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        var form = GrantForm.Read(Request.Form);
        if (!await LoadAsync(id, form, cancellationToken))
        {
            return NotFound();
        }

        var command = form.Command(Errors, l);
        return Errors.Any ? Page() : await RunAsync(id, () => grants.ChangeAsync(caller.RequiredUserId, caller.ManagedSites, id, command!, cancellationToken), l.T("Adgangen er ændret. Gæsten har fået besked.", "The access is changed. The guest has been told."), Errors, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, null, cancellationToken))
        {
            return NotFound();
        }

        var text = new GrantForm { Reason = reason?.Trim() }.ReadReason(RevokeErrors, l);
        return RevokeErrors.Any ? Page() : await RunAsync(id, () => grants.RevokeAsync(caller.RequiredUserId, caller.ManagedSites, id, text!, cancellationToken), l.T("Adgangen er tilbagekaldt og fjernes fra låsene.", "The access is revoked and removed from the locks."), RevokeErrors, cancellationToken);
    }

    public async Task<IActionResult> OnPostPinAsync(Guid id, CancellationToken cancellationToken) =>
        !await LoadAsync(id, null, cancellationToken) ? NotFound()
        : await RunAsync(id, () => grants.ReissuePinAsync(caller.RequiredUserId, caller.ManagedSites, id, cancellationToken), l.T("Gæsten har fået en ny pinkode tilsendt. Den gamle virker ikke længere.", "A new PIN was sent to the guest. The old one no longer works."), Errors, cancellationToken);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<AccessGrant>> change, string notice, FormErrors errors, CancellationToken cancellationToken)
    {
        try
        {
            await change();
            TempData[NoticeKey] = notice;
            return Redirect($"/caretaker/grants/{id}");
        }
        catch (DomainException refused) when (refused.Code == "grant_not_found")
        {
            return NotFound();
        }
        catch (DomainException refused)
        {
            errors.Add(string.Empty, ErrorCatalog.ForCode(refused.Code).Title(l.English));
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, GrantForm? form, CancellationToken cancellationToken)
    {
        var found = await GrantViews.DescribeAsync(db, db.Grants.WhereSiteIn(caller.ManagedSites, g => g.SiteId).Where(g => g.Id == id && g.Origin == GrantOrigin.Staff), cancellationToken);
        if (found.Count != 1)
        {
            return false;
        }

        Grant = found[0];
        if (Grant.Key.Status == GrantStatus.Active && await sites.FindAsync(Grant.Key.Site.Slug, cancellationToken) is { } site)
        {
            Form = new GrantFormView(form ?? GrantForm.Of(Grant.Key), Errors, site, await sites.DoorsAsync(site.Id, cancellationToken), NewGuest: false);
        }

        return true;
    }
}
