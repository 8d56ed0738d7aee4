using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Public;

public sealed class SignInFailedModel : PageModel
{
    private static readonly string[] Known = ["signin_expired", "issuer_mismatch", "access_denied", "login_required", "authorization_failed", "token_invalid"];

    public string Code { get; private set; } = "signin_failed";

    public void OnGet(string? code) => Code = code is not null && Known.Contains(code) ? code : "signin_failed";

    public string Explanation(WebText l) => Code switch
    {
        "signin_expired" => l.T("Log ind tog for lang tid, eller siden blev åbnet to gange. Start forfra.", "Signing in took too long, or the page was opened twice. Start again."),
        "access_denied" => l.T("Log ind blev afbrudt.", "Signing in was cancelled."),
        _ => l.T("Log ind kunne ikke gennemføres. Prøv igen – hvis det sker igen, så kontakt biblioteket og oplys fejlkoden.", "Signing in could not be completed. Try again – if it happens again, contact the library and give the error code."),
    };
}
