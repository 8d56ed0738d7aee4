using GuestAccess.Domain.Common;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Web.Caretaker;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Caretaker.Grants;

/// <summary>
/// Give a named guest access to doors of one managed site (chosen first when the caller has
/// several), for a period and an optional weekly schedule. The guest gets the PIN and mobile key
/// by SMS or e-mail: the caretaker never sees the PIN.
/// </summary>
public sealed class NewModel(CaretakerSites sites, GrantService grants, CurrentUser caller, WebText l) : PageModel
{
    public IReadOnlyList<ManagedSite> Sites { get; private set; } = [];

    public GrantFormView? Form { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string? site, CancellationToken cancellationToken)
    {
        var today = TypedTime.Format(DateTimeOffset.UtcNow)[..10];
        return await LoadAsync(site, new GrantForm { From = today, Until = today }, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string? site, CancellationToken cancellationToken)
    {
        var form = GrantForm.Read(Request.Form);
        if (!await LoadAsync(site, form, cancellationToken) || Form is null)
        {
            return NotFound();
        }

        var guest = form.Guest(Errors, l);
        var command = form.Command(Errors, l);
        var reason = form.ReadReason(Errors, l);
        if (Errors.Any)
        {
            return Page();
        }

        try
        {
            var grant = await grants.CreateAsync(caller.RequiredUserId, caller.ManagedSites, guest, null, command!, reason!, cancellationToken);
            TempData[GrantModel.NoticeKey] = l.T("Gæsten har fået adgang. Pinkoden og mobilnøglen er sendt til gæsten.", "The guest has access. The PIN and mobile key were sent to the guest.");
            return Redirect($"/caretaker/grants/{grant.Id}");
        }
        catch (DomainException refused)
        {
            Errors.Add(string.Empty, ErrorCatalog.ForCode(refused.Code).Title(l.English));
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string? site, GrantForm form, CancellationToken cancellationToken)
    {
        Sites = await sites.SitesAsync(cancellationToken);
        var chosen = site is { Length: > 0 } ? Sites.FirstOrDefault(s => s.Slug == site) : Sites.Count == 1 ? Sites[0] : null;
        if (site is { Length: > 0 } && chosen is null)
        {
            return false;
        }

        Form = chosen is null ? null : new GrantFormView(form, Errors, chosen, await sites.DoorsAsync(chosen.Id, cancellationToken), NewGuest: true);
        return true;
    }
}
