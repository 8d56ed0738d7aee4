using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestAccess.Server.Identity;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Web.Session;

/// <summary>
/// Signing in to the web UI: an OpenID Connect authorization code flow with PKCE (S256), state
/// and nonce against the token service (the same sign-in pages every client uses), then the code
/// is redeemed over the back channel and the web session starts. The flow's secrets (verifier,
/// state, nonce, where to return) travel in a short-lived cookie sealed with Data Protection.
/// </summary>
public static class WebSignIn
{
    public const string Path = "/signin";
    public const string CallbackPath = "/signin/callback";
    public const string FailedPath = "/signin/failed";
    public const string HttpClientName = "GuestAccess.Web.TokenService";
    private const string FlowCookie = "ga.web.signin";
    private static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(15);

    public static IEndpointRouteBuilder MapWebSignIn(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        group.MapGet(Path, StartAsync);
        group.MapGet(CallbackPath, CallbackAsync);
        return routes;
    }

    /// <summary>The sealed state of one sign-in between leaving for the token service and coming back.</summary>
    private sealed record Flow(string State, string Nonce, string Verifier, string ReturnUrl);

    private static async Task<IResult> StartAsync(
        HttpContext http, string? returnUrl, WebClient client, GuestAccessDb db, TimeProvider clock, IDataProtectionProvider protection, WebText l)
    {
        await client.EnsureRegisteredAsync(db, clock, http.RequestAborted);
        var flow = new Flow(Random(16), Random(16), Random(32), WebUrls.LocalOrHome(returnUrl));
        var sealedFlow = Protector(protection).Protect(JsonSerializer.Serialize(flow), clock.GetUtcNow() + FlowLifetime);
        http.Response.Cookies.Append(FlowCookie, sealedFlow, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = CallbackPath,
            MaxAge = FlowLifetime,
            IsEssential = true,
        });
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = WebClient.Id,
            ["redirect_uri"] = client.RedirectUri,
            ["scope"] = WebClient.Scopes.ToString(),
            ["state"] = flow.State,
            ["nonce"] = flow.Nonce,
            ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(flow.Verifier))),
            ["code_challenge_method"] = "S256",
            ["ui_locales"] = l.Code,
        });
        return Results.Redirect(authorize);
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext http, Issuer issuer, WebClient client, OwnTokens own, IHttpClientFactory clients, IDataProtectionProvider protection,
        IOptions<IdentitySettings> settings, TimeProvider clock, ILogger<WebClient> logger)
    {
        var query = http.Request.Query;
        var flow = ReadFlow(http, protection);
        http.Response.Cookies.Delete(FlowCookie, new CookieOptions { Path = CallbackPath });
        if (flow is null || query["state"].ToString() != flow.State)
        {
            return Failed(http, logger, "signin_expired");
        }

        if (query["iss"].ToString() is { Length: > 0 } iss && iss != issuer.Value)
        {
            return Failed(http, logger, "issuer_mismatch");
        }

        if (query["error"].ToString() is { Length: > 0 } error)
        {
            return Failed(http, logger, error is "access_denied" or "login_required" ? error : "authorization_failed");
        }

        var tokens = await RedeemAsync(clients, issuer, client, query["code"].ToString(), flow.Verifier, http.RequestAborted);
        var id = tokens is null ? null : await own.ValidateAsync(tokens.Value.IdToken, WebClient.Id, validateLifetime: true);
        var access = tokens is null ? null : await own.ValidateAsync(tokens.Value.AccessToken, ApiAuthenticationSettings.DefaultAudience, validateLifetime: true, TokenClaims.AccessTokenType);
        if (id is null || access is null || id.Subject != access.Subject || !id.TryGetClaim(TokenClaims.Nonce, out var nonce) || nonce.Value != flow.Nonce)
        {
            return Failed(http, logger, "token_invalid");
        }

        var name = id.TryGetClaim(TokenClaims.Name, out var n) ? n.Value : string.Empty;
        var now = clock.GetUtcNow();
        await http.SignInAsync(WebSession.Scheme, WebSession.Principal(access, name), new AuthenticationProperties
        {
            IsPersistent = false,
            IssuedUtc = now,
            ExpiresUtc = now + settings.Value.SessionLifetime,
        });
        WebLog.SignedIn(logger, access.Subject);
        return Results.Redirect(flow.ReturnUrl);
    }

    private static async Task<(string AccessToken, string IdToken)?> RedeemAsync(
        IHttpClientFactory clients, Issuer issuer, WebClient client, string code, string verifier, CancellationToken cancellationToken)
    {
        if (code.Length is 0 or > 512)
        {
            return null;
        }

        using var http = clients.CreateClient(HttpClientName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.AuthorizationCode,
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
            ["client_id"] = WebClient.Id,
            ["code_verifier"] = verifier,
        });
        using var response = await http.PostAsync(new Uri(issuer.Url("/connect/token")), form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return json.RootElement.TryGetProperty("access_token", out var access) && json.RootElement.TryGetProperty("id_token", out var idToken)
            ? (access.GetString() ?? string.Empty, idToken.GetString() ?? string.Empty)
            : null;
    }

    private static Flow? ReadFlow(HttpContext http, IDataProtectionProvider protection)
    {
        if (http.Request.Cookies[FlowCookie] is not { Length: > 0 and < 4096 } cookie)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Flow>(Protector(protection).Unprotect(cookie));
        }
        catch (CryptographicException)
        {
            return null; // Expired, or sealed with a key this server no longer has.
        }
    }

    private static IResult Failed(HttpContext http, ILogger logger, string code)
    {
        WebLog.SignInFailed(logger, code);
        return Results.Redirect($"{FailedPath}?code={Uri.EscapeDataString(code)}");
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector("GuestAccess.Web.SignIn.v1").ToTimeLimitedDataProtector();

    private static string Random(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
