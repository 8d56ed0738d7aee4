using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// Signing out: RP-initiated logout (/connect/endsession) and the sign-out page. With a valid
/// id_token_hint for the signed-in user the session ends at once; otherwise the user confirms.
/// A post-logout redirect goes only to a URI registered for the client named by the hint.
/// </summary>
public static partial class LogoutEndpoints
{
    public static async Task<IResult> EndSessionAsync(HttpContext http, AccountForms forms, OwnTokens own, GuestAccessDb db, Issuer issuer, ILogger<AccountForms> logger)
    {
        var q = http.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)await http.Request.ReadFormAsync() : http.Request.Query;
        var p = q.ToDictionary(x => x.Key, x => x.Value.ToString());
        var l = PageLanguage.Of(http.Request, p.GetValueOrDefault("ui_locales"));
        var hint = p.GetValueOrDefault("id_token_hint") is { Length: > 0 } h ? await own.ValidateAsync(h, audience: null, validateLifetime: false) : null;
        var redirect = p.GetValueOrDefault("post_logout_redirect_uri");
        if (redirect is { Length: > 0 })
        {
            var clientId = hint?.Audiences.FirstOrDefault() ?? p.GetValueOrDefault("client_id");
            var client = clientId is null ? null : await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, http.RequestAborted);
            if (hint is null || client is null || !client.PostLogoutRedirectUris.Items.Any(r => RequireRegisteredRedirectUri.Matches(RequireRegisteredRedirectUri.Expand(r, issuer), redirect)))
            {
                return AccountPages.Error(http.Request, l, "invalid_request", l.T("Log ud-anmodningen er ugyldig.", "The sign-out request is invalid."),
                    "post_logout_redirect_uri needs a valid id_token_hint and must be registered for that client.");
            }
        }

        var session = await IdpSession.ReadAsync(http);
        if (hint is not null && (session is null || hint.Subject == session.UserId.ToString()))
        {
            await SignOutAsync(http, session, logger);
            return After(http, l, redirect, p.GetValueOrDefault("state"));
        }

        return AccountPages.LogoutConfirm(http.Request, l, forms.Form(http, string.Empty), redirect, p.GetValueOrDefault("state"));
    }

    public static IResult Show(HttpContext http, AccountForms forms) =>
        AccountPages.LogoutConfirm(http.Request, PageLanguage.Of(http.Request), forms.Form(http, string.Empty), null, null);

    public static async Task<IResult> SubmitAsync(HttpContext http, AccountForms forms, ILogger<AccountForms> logger)
    {
        var l = PageLanguage.Of(http.Request);
        if (await forms.ReadAsync(http) is not { } form)
        {
            return AccountForms.Expired(http.Request, l);
        }

        l = PageLanguage.Of(http.Request);

        await SignOutAsync(http, await IdpSession.ReadAsync(http), logger);

        // The redirect was checked against the client's registration before the page was shown;
        // the antiforgery token proves this form is that page's.
        return After(http, l, form["post_logout_redirect_uri"].ToString(), form["state"].ToString());
    }

    public static async Task<IResult> AccountAsync(HttpContext http, AccountPolicy accounts)
    {
        var l = PageLanguage.Of(http.Request);
        var session = await IdpSession.ReadAsync(http);
        var user = session is null ? null : await accounts.FindActiveAsync(session.UserId, http.RequestAborted);
        return user is null
            ? Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(LocalUrl.AccountHome)}&lang={l.Code}")
            : AccountPages.Account(http.Request, l, user.DisplayName, user.TwoFactorEnabled);
    }

    private static async Task SignOutAsync(HttpContext http, IdpSession.Session? session, ILogger logger)
    {
        await IdpSession.SignOutAsync(http);
        if (session is not null)
        {
            LogSignedOut(logger, session.UserId);
        }
    }

    private static IResult After(HttpContext http, PageLanguage l, string? redirect, string? state) =>
        string.IsNullOrEmpty(redirect)
            ? LocalUrl.SeeOther(http, $"/account/logged-out?lang={l.Code}")
            : LocalUrl.SeeOther(http, string.IsNullOrEmpty(state) ? redirect : QueryHelpers.AddQueryString(redirect, "state", state));

    [LoggerMessage(EventId = 3036, Level = LogLevel.Information, Message = "User {UserId} signed out")]
    private static partial void LogSignedOut(ILogger logger, Guid userId);
}
