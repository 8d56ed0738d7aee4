using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.Federation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>What every account page needs: antiforgery tokens, the language, the upstream providers.</summary>
public sealed class AccountForms(IAntiforgery antiforgery, IOptions<FederationSettings> federation)
{
    public AccountPages.Form Form(HttpContext http, string returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new AccountPages.Form(tokens.FormFieldName, tokens.RequestToken!, returnUrl);
    }

    /// <summary>Reads the posted form, or null when its antiforgery token is missing or wrong.</summary>
    public async Task<IFormCollection?> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
    }

    public IReadOnlyList<AccountPages.UpstreamLink> Upstream() =>
        federation.Value.Upstream.Select(p => new AccountPages.UpstreamLink(p.Key, p.Value.DisplayName ?? p.Key)).ToArray();

    public static IResult Expired(HttpRequest request, PageLanguage l) => AccountPages.Error(
        request, l, "invalid_request", l.T("Formularen er udløbet eller ugyldig.", "The form has expired or is invalid."),
        l.T("Gå tilbage og prøv igen.", "Go back and try again."));
}
