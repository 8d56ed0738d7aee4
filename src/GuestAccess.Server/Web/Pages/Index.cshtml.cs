using GuestAccess.Server.Identity.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages;

public sealed class IndexModel(CurrentUser caller) : PageModel
{
    public bool SignedIn => caller.HasAccount;
}
