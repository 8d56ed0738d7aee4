using GuestAccess.Domain.Grants;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Caretaker.Grants;

/// <summary>Guest access at the caretaker's sites (active ones; <c>?show=all</c> for every one), newest first.</summary>
public sealed class IndexModel(GuestAccessDb db, CurrentUser caller) : PageModel
{
    public IReadOnlyList<GrantDto> Grants { get; private set; } = [];

    public bool All { get; private set; }

    public async Task OnGetAsync(string? show, CancellationToken cancellationToken)
    {
        All = show == "all";
        var grants = db.Grants.WhereSiteIn(caller.ManagedSites, g => g.SiteId).Where(g => g.Origin == GrantOrigin.Staff);
        grants = All ? grants : grants.Where(g => g.Status == GrantStatus.Active);
        Grants = await GrantViews.DescribeAsync(db, grants, cancellationToken);
    }
}
