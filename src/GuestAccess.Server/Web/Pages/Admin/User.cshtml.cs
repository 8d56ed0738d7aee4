using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.Users;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>
/// One account's roles: remove any, add one (a role at one site or at every site). Changes go
/// through <see cref="RoleAssignments"/> (audited; the last administrator cannot be removed).
/// </summary>
public sealed class UserModel(GuestAccessDb db, RoleAssignments assignments, CurrentUser caller, WebText l) : PageModel
{
    public sealed record Assigned(string Key, Role Role, Guid? SiteId, string? SiteName);

    public string Name { get; private set; } = string.Empty;

    public string? Email { get; private set; }

    public IReadOnlyList<Assigned> Roles { get; private set; } = [];

    public IReadOnlyList<(string Slug, string Name, Guid Id)> Sites { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Saved = TempData["ga.roles-saved"] is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string[]? remove, string? role, string? site, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var wanted = Roles.Where(r => remove is null || !remove.Contains(r.Key)).Select(r => new RoleGrant(r.Role, r.SiteId)).ToHashSet();
        if (!string.IsNullOrEmpty(role))
        {
            var parsed = Enum.TryParse<Role>(role, out var value) && Enum.IsDefined(value) ? value : (Role?)null;
            var siteId = string.IsNullOrEmpty(site) ? null : Sites.FirstOrDefault(s => s.Slug == site) is { Slug: not null } found ? found.Id : (Guid?)null;
            Errors.When(parsed is null, "role", l.T("Vælg en rolle på listen", "Choose a role from the list"))
                .When(!string.IsNullOrEmpty(site) && siteId is null, "site", l.T("Vælg et sted på listen", "Choose a site from the list"))
                .When(parsed is Role.Citizen or Role.Admin && siteId is not null, "site", l.T("Rollen gælder ikke et bestemt sted: vælg \"Alle steder\"", "The role is not tied to a site: choose \"All sites\""))
                .When(parsed == Role.Caretaker && siteId is null, "site", l.T("En pedel skal have et sted", "A caretaker needs a site"));
            if (!Errors.Any)
            {
                wanted.Add(new RoleGrant(parsed!.Value, siteId));
            }
        }

        if (Errors.Any)
        {
            return Page();
        }

        if (await assignments.ReplaceAsync(id, wanted, caller.RequiredUserId, cancellationToken) is { } refused)
        {
            Errors.Add(string.Empty, refused.Error.Title(l.English));
            return Page();
        }

        TempData["ga.roles-saved"] = "1";
        return Redirect($"/admin/users/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken) is not { } user)
        {
            return false;
        }

        Name = user.DisplayName;
        Email = user.Email;
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Slug, s.Name, s.Id }).ToListAsync(cancellationToken);
        Sites = sites.Select(s => (s.Slug, s.Name, s.Id)).ToList();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == id).Select(r => new { r.Role, r.SiteId }).ToListAsync(cancellationToken);
        Roles = roles.OrderBy(r => r.Role).Select(r => new Assigned($"{r.Role}:{r.SiteId}", r.Role, r.SiteId, r.SiteId is { } s ? sites.FirstOrDefault(x => x.Id == s)?.Name : null)).ToList();
        return true;
    }
}
