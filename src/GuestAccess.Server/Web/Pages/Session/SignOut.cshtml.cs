using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Session;

/// <summary>Signing out ends the web session, its sign-in at the token service (grant family) and the token service's own session.</summary>
public sealed class SignOutModel(CurrentUser caller, GrantFamilies grants, ILogger<SignOutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (WebSession.GrantId(User) is { } grant)
        {
            await grants.RevokeAsync(grant, "signed_out", cancellationToken);
        }

        await HttpContext.SignOutAsync(WebSession.Scheme);
        await IdpSession.SignOutAsync(HttpContext);
        WebLog.SignedOut(logger, caller.RequiredUserId);
        return Redirect("/?signedOut=true");
    }
}
