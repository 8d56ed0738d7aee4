using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>Accounts (first 200 by name, or those matching a search on name or e-mail), with their roles.</summary>
public sealed class UsersModel(GuestAccessDb db) : PageModel
{
    public sealed record Row(Guid Id, string Name, string? Email, IReadOnlyList<string> Roles);

    public string? Search { get; private set; }

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public async Task OnGetAsync(string? search, CancellationToken cancellationToken)
    {
        Search = search?.Trim();
        var users = db.Users.AsNoTracking();
        if (Search is { Length: > 0 and <= 200 })
        {
            var pattern = $"%{Search.ToUpperInvariant()}%";
            users = users.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern) || EF.Functions.Like(u.DisplayName.ToUpper(), pattern));
        }

        var list = await users.OrderBy(u => u.DisplayName).Take(200).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        var ids = list.Select(u => u.Id).ToList();
        var roles = await (from r in db.RoleAssignments.AsNoTracking()
                           where ids.Contains(r.UserId)
                           join s in db.Sites on r.SiteId equals s.Id into sites
                           from s in sites.DefaultIfEmpty()
                           select new { r.UserId, r.Role, Site = s == null ? null : s.Name }).ToListAsync(cancellationToken);
        Users = list.Select(u => new Row(u.Id, u.DisplayName, u.Email, roles.Where(r => r.UserId == u.Id).Select(r => r.Site is null ? r.Role.ToString() : $"{r.Role} ({r.Site})").ToList())).ToList();
    }
}
