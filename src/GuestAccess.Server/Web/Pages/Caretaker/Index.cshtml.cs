using GuestAccess.Server.Web.Caretaker;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Caretaker;

/// <summary>The caretaker's sites (every site for an administrator), each with its doors at a glance.</summary>
public sealed class IndexModel(CaretakerSites sites) : PageModel
{
    public IReadOnlyList<SiteOverview> Sites { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Sites = await sites.OverviewAsync(cancellationToken);
}
