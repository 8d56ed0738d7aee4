using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestAccess.Server.Identity.TokenService.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GuestAccess.Server.Identity.Federation;

/// <summary>Where and as whom we sign in at an OpenID Connect provider.</summary>
public sealed record RelyingPartyOptions(string Name, string Authority, string ClientId, string? ClientSecret, string Scopes, bool RequireHttpsMetadata);

/// <summary>
/// The small relying-party half of OpenID Connect we need (the OpenIdConnect handler package is
/// not served here): discovery, the authorization code flow with PKCE (S256), state and nonce in a
/// sealed short-lived cookie, the back-channel code exchange, and ID token validation (issuer,
/// audience, lifetime, nonce, asymmetric signature from the provider's JWKS).
/// </summary>
public sealed class OidcRelyingParty(IHttpClientFactory httpClients, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private static readonly string[] Asymmetric = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
    private static readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> Configurations = new();
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<IResult> ChallengeAsync(HttpContext http, RelyingPartyOptions rp, string redirectUri, string returnUrl, string? uiLocales)
    {
        var configuration = await ConfigurationAsync(rp, http.RequestAborted);
        var state = Random();
        var nonce = Random();
        var verifier = Random();
        var sealedState = JsonSerializer.Serialize(new Pending(state, nonce, verifier, returnUrl, clock.GetUtcNow().AddMinutes(10)));
        http.Response.Cookies.Append(CookieName(rp), Protector(rp).Protect(sealedState), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax, // sent on the provider's top-level redirect back to us
            Path = new Uri(redirectUri).AbsolutePath,
            MaxAge = TimeSpan.FromMinutes(10),
        });
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = rp.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = rp.Scopes,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
            ["ui_locales"] = uiLocales,
        };
        return Results.Redirect(QueryHelpers.AddQueryString(configuration.AuthorizationEndpoint, query));
    }

    /// <summary>Completes the flow at the redirect URI: the validated ID token and where to continue, or why it failed.</summary>
    public async Task<(JsonWebToken? IdToken, string? IdTokenText, string? ReturnUrl, string? Error)> CallbackAsync(HttpContext http, RelyingPartyOptions rp, string redirectUri)
    {
        var pending = ReadPending(http, rp);
        http.Response.Cookies.Delete(CookieName(rp), new CookieOptions { Path = new Uri(redirectUri).AbsolutePath });
        var query = http.Request.Query;
        if (pending is null || query["state"].ToString() is not { Length: > 0 } state || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(pending.State)))
        {
            return (null, null, null, "The sign-in took too long or did not start here (state).");
        }

        if (query["error"].ToString() is { Length: > 0 } error)
        {
            return (null, null, pending.ReturnUrl, $"The provider answered {error}.");
        }

        var configuration = await ConfigurationAsync(rp, http.RequestAborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = pending.Verifier,
        };
        if (rp.ClientSecret is { } secret)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(rp.ClientId)}:{Uri.EscapeDataString(secret)}")));
        }
        else
        {
            form["client_id"] = rp.ClientId;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await httpClients.CreateClient(nameof(OidcRelyingParty)).SendAsync(request, http.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            return (null, null, pending.ReturnUrl, $"The provider refused the code ({(int)response.StatusCode}).");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(http.RequestAborted));
        if (!body.RootElement.TryGetProperty("id_token", out var idTokenElement) || idTokenElement.GetString() is not { } idToken)
        {
            return (null, null, pending.ReturnUrl, "The provider sent no ID token.");
        }

        var result = await Handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = rp.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = Asymmetric,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, null, pending.ReturnUrl, "The ID token is not valid.");
        }

        if (!jwt.TryGetClaim("nonce", out var nonce) || nonce.Value != pending.Nonce)
        {
            return (null, null, pending.ReturnUrl, "The ID token does not answer this sign-in (nonce).");
        }

        return (jwt, idToken, pending.ReturnUrl, null);
    }

    public async Task<string?> EndSessionEndpointAsync(RelyingPartyOptions rp, CancellationToken cancellationToken) =>
        (await ConfigurationAsync(rp, cancellationToken)).EndSessionEndpoint is { Length: > 0 } endpoint ? endpoint : null;

    private Pending? ReadPending(HttpContext http, RelyingPartyOptions rp)
    {
        try
        {
            var pending = http.Request.Cookies[CookieName(rp)] is { } value ? JsonSerializer.Deserialize<Pending>(Protector(rp).Unprotect(value)) : null;
            return pending is not null && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    private Task<OpenIdConnectConfiguration> ConfigurationAsync(RelyingPartyOptions rp, CancellationToken cancellationToken)
    {
        var manager = Configurations.GetOrAdd($"{rp.Authority}|{rp.RequireHttpsMetadata}", _ => new ConfigurationManager<OpenIdConnectConfiguration>(
            rp.Authority.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(nameof(OidcRelyingParty))) { RequireHttps = rp.RequireHttpsMetadata }));
        return manager.GetConfigurationAsync(cancellationToken);
    }

    private IDataProtector Protector(RelyingPartyOptions rp) => dataProtection.CreateProtector("GuestAccess.Identity.RelyingParty.v1", rp.Name);

    private static string CookieName(RelyingPartyOptions rp) => $"ga.rp.{rp.Name}";

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private sealed record Pending(string State, string Nonce, string Verifier, string ReturnUrl, DateTimeOffset ExpiresAt);
}
