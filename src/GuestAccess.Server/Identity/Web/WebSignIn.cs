using System.Security.Claims;
using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.Federation;
using GuestAccess.Server.Identity.TokenService;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Web;

/// <summary>
/// The server-rendered web UI signs people in like any other relying party: authorization code
/// + PKCE against the configured authority (our own token service by default, as the public
/// first-party client <c>guestaccess-web</c>), then a cookie session (<c>ga.web</c>) for the pages.
/// Pages require it with <see cref="WebAccessExtensions.RequireWebSignIn{TBuilder}"/>; the
/// request's <see cref="CurrentUser"/> is filled in from the database just as for API tokens.
/// </summary>
public static class WebSignIn
{
    public const string Scheme = "GuestAccess.Web";
    public const string CookieName = "ga.web";
    public const string ClientId = "guestaccess-web";
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutPath = "/account/logged-out";

    public static IEndpointRouteBuilder MapWebSignIn(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/signin", ChallengeAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimits.Login);
        routes.MapGet(CallbackPath, CallbackAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimits.Login);
        routes.MapMethods("/signout", ["GET", "POST"], SignOutAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        routes.MapGet("/web/me", (CurrentUser caller) => TypedResults.Ok(new { id = caller.UserId, displayName = caller.DisplayName, roles = caller.Roles }))
            .RequireWebSignIn().ExcludeFromDescription();
        return routes;
    }

    public static RelyingPartyOptions Options(Issuer issuer, ApiAuthenticationSettings settings) => settings.UsesExternalAuthority
        ? new("web", settings.Authority!, settings.WebClientId ?? ClientId, settings.WebClientSecret, "openid profile email", settings.RequireHttpsMetadata)
        : new("web", issuer.Value, ClientId, null, "openid profile email", RequireHttpsMetadata: false);

    private static async Task<IResult> ChallengeAsync(string? returnUrl, HttpContext http, OidcRelyingParty rp, Issuer issuer, IOptions<ApiAuthenticationSettings> settings) =>
        await rp.ChallengeAsync(http, Options(issuer, settings.Value), issuer.Url(CallbackPath), LocalUrl.OrHome(returnUrl), http.Request.Query["lang"]);

    private static async Task<IResult> CallbackAsync(HttpContext http, OidcRelyingParty rp, Issuer issuer, IOptions<ApiAuthenticationSettings> settings)
    {
        var (idToken, idTokenText, returnUrl, error) = await rp.CallbackAsync(http, Options(issuer, settings.Value), issuer.Url(CallbackPath));
        if (idToken is null)
        {
            var l = Accounts.Pages.PageLanguage.Of(http.Request);
            return Accounts.Pages.AccountPages.Error(http.Request, l, "access_denied", l.T("Login mislykkedes.", "Sign-in failed."), error!);
        }

        var identity = new ClaimsIdentity([new Claim("sub", idToken.Subject), new Claim("iss", idToken.Issuer)], Scheme, "sub", null);
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idTokenText! }]);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), properties);
        return LocalUrl.SeeOther(http, LocalUrl.OrHome(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, OidcRelyingParty rp, Issuer issuer, IOptions<ApiAuthenticationSettings> settings)
    {
        var idToken = await http.GetTokenAsync(Scheme, "id_token");
        await http.SignOutAsync(Scheme);
        var endSession = await rp.EndSessionEndpointAsync(Options(issuer, settings.Value), http.RequestAborted);
        return endSession is null || idToken is null
            ? LocalUrl.SeeOther(http, SignedOutPath)
            : Results.Redirect(QueryHelpers.AddQueryString(endSession, new Dictionary<string, string?> { ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = issuer.Url(SignedOutPath) }));
    }

    /// <summary>The cookie session: checked against the database on every request, like a token.</summary>
    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/signin";
        o.ReturnUrlParameter = "returnUrl";
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.Events.OnValidatePrincipal = async context =>
        {
            var resolver = context.HttpContext.RequestServices.GetRequiredService<CallerResolver>();
            if (await resolver.ResolveAsync(context.Principal!, context.HttpContext.RequestAborted) is not null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            }
        };
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}

/// <summary>Route-group extensions for server-rendered pages (cookie session, redirect to sign-in).</summary>
public static class WebAccessExtensions
{
    public const string Policy = "web-signed-in";

    /// <summary>A signed-in person with an account; anonymous visitors are sent to /signin.</summary>
    public static TBuilder RequireWebSignIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy);

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options) =>
        options.AddPolicy(Policy, p => p.AddAuthenticationSchemes(WebSignIn.Scheme).RequireAuthenticatedUser()
            .AddRequirements(new CallerRequirement(Policy, c => c.HasAccount)));
}
