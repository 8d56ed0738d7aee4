using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Doors;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using GuestAccess.Server.Web.Admin;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>
/// Add (<c>doors/new</c>), rename or delete a door (<see cref="DoorAdministration"/>), and register
/// a lock controller for a door without one: registered and provisioned at once, the provisioning
/// file with its new credentials shown in that response only, as provisioning on the site page.
/// </summary>
public sealed class DoorModel(
    GuestAccessDb db, DoorAdministration administration, LockProvisioningService provisioning, BundleFactory bundles, IAuditTrail audit, CurrentUser caller, WebText l) : PageModel
{
    public static readonly string[] FieldIds = ["slug", "name", "kind"];

    public Site Site { get; private set; } = null!;

    public Door? Door { get; private set; }

    public LockDto? Lock { get; private set; }

    public Dictionary<string, string?> Values { get; } = [];

    public FormErrors Errors { get; } = new();

    public FormErrors LockErrors { get; } = new();

    public string? Notice { get; private set; }

    /// <summary>A provisioning file issued by this very request (shown once).</summary>
    public string? Bundle { get; private set; }

    public bool IsNew => Door is null;

    public async Task<IActionResult> OnGetAsync(string site, string door, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, door, cancellationToken))
        {
            return NotFound();
        }

        Values["name"] = Door?.Name;
        Values["kind"] = (Door?.Kind ?? DoorKind.Room).ToString();
        Values["lock-id"] = Door?.Slug;
        Notice = AdminNotice.Take(TempData);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string site, string door, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, door, cancellationToken))
        {
            return NotFound();
        }

        foreach (var key in FieldIds)
        {
            Values[key] = Request.Form[key].ToString();
        }

        Values["lock-id"] = Door?.Slug;
        var kind = Enum.TryParse<DoorKind>(Values["kind"], out var k) && Enum.IsDefined(k) ? k : (DoorKind?)null;
        Errors.When(!AdminChecks.IsName(Values["name"]), "name", l.T("Skriv dørens navn (1-200 tegn)", "Write the door's name (1-200 characters)"))
            .When(IsNew && kind is null, "kind", l.T("Vælg en dørtype på listen", "Choose a kind of door from the list"));
        if (Errors.Any)
        {
            return Page();
        }

        var result = IsNew
            ? await administration.CreateAsync(Site.Slug, Values["slug"]?.Trim() ?? string.Empty, Values["name"]!, kind!.Value, caller.RequiredUserId, cancellationToken)
            : await administration.RenameAsync(Door!.Slug, Values["name"]!, caller.RequiredUserId, cancellationToken);
        if (result.Value is not { } saved)
        {
            AdminNotice.Show(Errors, result.Refusal!, l, FieldIds);
            return Page();
        }

        AdminNotice.Set(TempData, l.T($"Døren {saved.Name} er gemt.", $"The door {saved.Name} is saved."));
        return Redirect($"/admin/sites/{Site.Slug}/doors/{saved.Slug}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string site, string door, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, door, cancellationToken) || Door is null)
        {
            return NotFound();
        }

        var result = await administration.DeleteAsync(Door.Slug, caller.RequiredUserId, cancellationToken);
        if (result.Refusal is { } refused)
        {
            Values["name"] = Door.Name;
            Values["lock-id"] = Door.Slug;
            AdminNotice.Show(Errors, refused, l);
            return Page();
        }

        AdminNotice.Set(TempData, l.T($"Døren {Door.Name} er slettet.", $"The door {Door.Name} is deleted."));
        return Redirect($"/admin/sites/{Site.Slug}");
    }

    public async Task<IActionResult> OnPostRegisterLockAsync(string site, string door, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, door, cancellationToken) || Door is null)
        {
            return NotFound();
        }

        Values["name"] = Door.Name;
        var lockId = Request.Form["lock-id"].ToString().Trim();
        Values["lock-id"] = lockId;
        if (Lock is not null)
        {
            LockErrors.Add(string.Empty, Infrastructure.Problems.ErrorCatalog.LockExists.Title(l.English));
            return Page();
        }

        if (!LockProtocol.Topics.LockId.IsValid(lockId))
        {
            LockErrors.Add("lock-id", l.T("Lås-id: 1-64 tegn af a-z, 0-9 og '-'", "Lock id: 1-64 characters of a-z, 0-9 and '-'"));
            return Page();
        }

        try
        {
            var controller = await provisioning.RegisterAsync(Door.Id, lockId, cancellationToken);
            await LockAudit.LockAdministeredAsync(audit, "lock.registered", caller.RequiredUserId, controller.SiteId, controller.DoorId, controller.Id, cancellationToken);
            var issued = await provisioning.ProvisionAsync([controller.Id], cancellationToken);
            await LockAudit.LockAdministeredAsync(audit, "lock.provisioned", caller.RequiredUserId, controller.SiteId, controller.DoorId, controller.Id, cancellationToken);
            Bundle = bundles.Create(issued).ToJson();
        }
        catch (DomainException e) when (e.Code is "lock_exists" or "invalid_lock_id")
        {
            LockErrors.Add("lock-id", Infrastructure.Problems.ErrorCatalog.ForCode(e.Code).Title(l.English));
            return Page();
        }

        await LoadAsync(site, door, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(string siteKey, string doorKey, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(siteKey).SingleOrDefaultAsync(cancellationToken) is not { } site)
        {
            return false;
        }

        Site = site;
        if (doorKey == "new")
        {
            return true;
        }

        Door = await db.Doors.AsNoTracking().SingleOrDefaultAsync(d => d.Slug == doorKey && d.SiteId == site.Id, cancellationToken);
        if (Door is null)
        {
            return false;
        }

        Lock = (await LockViews.DescribeAsync(db, db.Locks.Where(x => x.DoorId == Door.Id), cancellationToken)).FirstOrDefault();
        return true;
    }
}
