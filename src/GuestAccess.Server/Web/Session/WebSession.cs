using System.Security.Claims;
using GuestAccess.Server.Identity;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.TokenService;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GuestAccess.Server.Web.Session;

/// <summary>
/// The web UI's own session (cookie <c>ga.web</c>), started by an authorization code + PKCE
/// sign-in at the token service. It carries what an access token of that sign-in carries (issuer,
/// subject, client, scopes, grant family) and nothing else: on every request it is resolved by
/// the same <see cref="CallerResolver"/> as a bearer token, so roles come from the database, a
/// revoked sign-in (grant family) ends the session at once, and demo accounts stop in Production.
/// </summary>
public static class WebSession
{
    public const string Scheme = "GuestAccess.Web";
    public const string CookieName = "ga.web";

    /// <summary>The cookie scheme; unauthenticated page requests go to <see cref="WebSignIn"/>, forbidden ones get 403.</summary>
    public static void Configure(CookieAuthenticationOptions o, IdentitySettings identity)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.IsEssential = true;
        o.ExpireTimeSpan = identity.SessionLifetime;
        o.SlidingExpiration = false;
        o.LoginPath = WebSignIn.Path;
        o.ReturnUrlParameter = "returnUrl";
        o.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            },
            OnRedirectToLogin = context =>
            {
                // Scripts polling a page fragment get 401 (they reload the page); people are sent to sign in.
                if (context.Request.Headers["X-Requested-With"] == "fetch")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The session's principal, built from a validated access token of the web client.</summary>
    public static ClaimsPrincipal Principal(JsonWebToken access, string name)
    {
        var claims = new List<Claim>
        {
            new("iss", access.Issuer),
            new("sub", access.Subject),
            new(TokenClaims.ClientId, access.GetClaim(TokenClaims.ClientId).Value),
            new(TokenClaims.Scope, access.GetClaim(TokenClaims.Scope).Value),
            new(TokenClaims.Name, name),
        };
        foreach (var optional in new[] { TokenClaims.GrantId, TokenClaims.AuthTime, TokenClaims.Amr })
        {
            if (access.TryGetClaim(optional, out var claim))
            {
                claims.Add(new Claim(optional, claim.Value));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "sub", null));
    }

    /// <summary>The sign-in (grant family) the session belongs to.</summary>
    public static Guid? GrantId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(TokenClaims.GrantId)?.Value, out var id) ? id : null;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var issuer = http.RequestServices.GetRequiredService<Issuer>();
        var resolver = http.RequestServices.GetRequiredService<CallerResolver>();

        // A session from another issuer (the configuration changed) or one whose sign-in, account
        // or demo status no longer holds ends here.
        if (context.Principal?.FindFirst("iss")?.Value != issuer.Value
            || await resolver.ResolveAsync(context.Principal, http.RequestAborted) is not null)
        {
            context.RejectPrincipal();
            await http.SignOutAsync(Scheme);
        }
    }
}

/// <summary>Options read by the web session.</summary>
internal sealed class WebSessionSetup(IOptions<IdentitySettings> identity) : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        if (name == WebSession.Scheme)
        {
            WebSession.Configure(options, identity.Value);
        }
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
