using System.Diagnostics;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Errors;

/// <summary>
/// The error page (404, 403, 500 …) in the site's look, with the stable problem code and the
/// trace id so support can find the request in the logs. Re-executed for any web page that ends
/// in an error status without a body; opened directly it answers with that status too.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Status { get; private set; }

    public string Code => ErrorCatalog.ForStatus(Status).Code;

    public string TraceId { get; private set; } = string.Empty;

    public IActionResult OnGet(int status) => Show(status);

    public IActionResult OnPost(int status) => Show(status);

    public string Title(WebText l) => Status switch
    {
        404 => l.T("Siden findes ikke", "Page not found"),
        403 => l.T("Du har ikke adgang til siden", "You do not have access to this page"),
        500 => l.T("Der opstod en fejl hos os", "Something went wrong on our side"),
        _ => ErrorCatalog.ForStatus(Status).Title(l.English),
    };

    public string Explanation(WebText l) => Status switch
    {
        404 => l.T("Adressen er forkert, eller det, du leder efter, er flyttet, slettet eller ikke dit.", "The address is wrong, or what you are looking for was moved, deleted or is not yours."),
        403 => l.T("Din rolle giver ikke adgang hertil. Mener du, at det er en fejl, så kontakt din administrator.", "Your role does not give access here. If you think this is a mistake, contact your administrator."),
        429 => l.T("Du har sendt mange forespørgsler på kort tid. Vent et øjeblik, og prøv igen.", "You sent many requests in a short time. Wait a moment and try again."),
        >= 500 => l.T("Prøv igen om lidt. Sker det igen, så kontakt support og oplys sporings-id'et herunder.", "Try again in a moment. If it happens again, contact support and give the trace id below."),
        _ => l.T("Forespørgslen kunne ikke gennemføres.", "The request could not be completed."),
    };

    private PageResult Show(int status)
    {
        Status = status is >= 400 and <= 599 ? status : 404;
        TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        Response.StatusCode = Status;
        return Page();
    }
}
