using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Federation;

/// <summary>Signing in through an upstream provider: the button's target and the provider's redirect back.</summary>
public static partial class FederationEndpoints
{
    public static IEndpointRouteBuilder MapFederation(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/account/external/{name}", ChallengeAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(Authorization.RateLimits.Login);
        routes.MapGet("/signin-upstream/{name}", CallbackAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(Authorization.RateLimits.Login);
        return routes;
    }

    private static async Task<IResult> ChallengeAsync(string name, string? returnUrl, HttpContext http, OidcRelyingParty rp, Issuer issuer, IOptions<FederationSettings> settings)
    {
        var l = PageLanguage.Of(http.Request);
        if (!settings.Value.Upstream.TryGetValue(name, out var provider))
        {
            return AccountPages.Error(http.Request, l, "not_found", l.T("Login-metoden findes ikke.", "That sign-in method does not exist."), string.Empty, 404);
        }

        return await rp.ChallengeAsync(http, Options(name, provider), RedirectUri(issuer, name), LocalUrl.OrHome(returnUrl), l.Code);
    }

    private static async Task<IResult> CallbackAsync(
        string name, HttpContext http, OidcRelyingParty rp, UpstreamAccounts accounts, Issuer issuer, IOptions<FederationSettings> settings, TimeProvider clock, ILogger<UpstreamAccounts> logger)
    {
        var l = PageLanguage.Of(http.Request);
        if (!settings.Value.Upstream.TryGetValue(name, out var provider))
        {
            return AccountPages.Error(http.Request, l, "not_found", l.T("Login-metoden findes ikke.", "That sign-in method does not exist."), string.Empty, 404);
        }

        var (idToken, _, returnUrl, error) = await rp.CallbackAsync(http, Options(name, provider), RedirectUri(issuer, name));
        if (idToken is null)
        {
            LogFailed(logger, name, error!);
            return AccountPages.Error(http.Request, l, "access_denied", l.T("Login mislykkedes.", "Sign-in failed."), error!);
        }

        var user = await accounts.ResolveAsync(name, provider, idToken, http.RequestAborted);
        if (user is null)
        {
            return AccountPages.Error(http.Request, l, "access_denied", l.T("Du har ingen konto i GuestAccess. Kontakt din administrator.", "You have no GuestAccess account. Contact your administrator."), string.Empty, 403);
        }

        await IdpSession.SignInAsync(http, user, clock.GetUtcNow(), SpaceList.Of([IdpSession.Federated]), name);
        LoginEndpoints.LogSignedIn(logger, user.Id, $"fed:{name}");
        return LocalUrl.SeeOther(http, LocalUrl.OrHome(returnUrl));
    }

    private static RelyingPartyOptions Options(string name, UpstreamProvider p) => new(name, p.Authority, p.ClientId, p.ClientSecret, p.Scopes, p.RequireHttpsMetadata);

    private static string RedirectUri(Issuer issuer, string name) => issuer.Url($"/signin-upstream/{name}");

    [LoggerMessage(EventId = 3073, Level = LogLevel.Warning, Message = "Sign-in through {Provider} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string provider, string reason);
}
