using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.TokenService.Endpoints;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>The token service's protocol endpoints and its account pages.</summary>
public static class TokenServiceEndpoints
{
    public static IEndpointRouteBuilder MapTokenService(this IEndpointRouteBuilder routes)
    {
        var discovery = routes.MapGroup("/.well-known").WithTags("Token service").AllowAnonymous().ExcludeFromDescription();
        discovery.MapGet("/openid-configuration", DiscoveryEndpoints.Configuration);
        discovery.MapGet("/jwks.json", DiscoveryEndpoints.Jwks);

        var connect = routes.MapGroup("/connect").WithTags("Token service").ExcludeFromDescription();
        connect.MapMethods("/authorize", ["GET", "POST"], AuthorizeEndpoint.HandleAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.Login);
        connect.MapPost("/token", TokenEndpoint.HandleAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.Token);
        connect.MapPost("/revoke", RevocationEndpoint.HandleAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.Token);
        connect.MapMethods("/userinfo", ["GET", "POST"], UserInfoEndpoint.HandleAsync).RequireAuthorization(AccessPolicies.OpenId).DisableAntiforgery();
        connect.MapMethods("/endsession", ["GET", "POST"], LogoutEndpoints.EndSessionAsync).AllowAnonymous().DisableAntiforgery();

        var account = routes.MapGroup("/account").WithTags("Account").AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimits.Login);
        account.MapGet("/", LogoutEndpoints.AccountAsync);
        account.MapGet("/login", LoginEndpoints.ShowAsync);
        account.MapPost("/login", LoginEndpoints.SubmitAsync);
        account.MapGet("/login/totp", TotpEndpoints.ShowCodeAsync);
        account.MapPost("/login/totp", TotpEndpoints.SubmitCodeAsync);
        account.MapGet("/login/totp-setup", TotpEndpoints.ShowSetupAsync);
        account.MapPost("/login/totp-setup", TotpEndpoints.SubmitSetupAsync);
        account.MapGet("/totp", TotpEndpoints.ShowSetupAsync);
        account.MapPost("/totp", TotpEndpoints.SubmitSetupAsync);
        account.MapGet("/logout", LogoutEndpoints.Show);
        account.MapPost("/logout", LogoutEndpoints.SubmitAsync);
        account.MapGet("/logged-out", (HttpContext http) => Accounts.Pages.AccountPages.LoggedOut(http.Request, Accounts.Pages.PageLanguage.Of(http.Request)));
        return routes;
    }
}
