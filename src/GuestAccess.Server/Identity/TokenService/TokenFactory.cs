using System.Security.Cryptography;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.TokenService.Keys;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>An issued access token and what is needed to answer or revoke it.</summary>
public sealed record IssuedAccessToken(string Token, string Jti, DateTimeOffset ExpiresAt, int ExpiresIn);

/// <summary>Creates our signed JWTs: access tokens (RFC 9068, typ at+jwt) and OpenID Connect ID tokens.</summary>
public sealed class TokenFactory(SigningKeyRing keys, Issuer issuer, TimeProvider clock, IOptions<IdentitySettings> settings, IOptions<ApiAuthenticationSettings> api)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public IssuedAccessToken CreateAccessToken(string subject, string clientId, SpaceList scopes, Guid? grantId, DateTimeOffset? authTime, SpaceList? amr)
    {
        var now = clock.GetUtcNow();
        var expires = now + settings.Value.AccessTokenLifetime;
        var jti = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [JwtRegisteredClaimNames.Jti] = jti,
            [TokenClaims.ClientId] = clientId,
            [TokenClaims.Scope] = scopes.ToString(),
        };
        if (grantId is { } grant)
        {
            claims[TokenClaims.GrantId] = grant.ToString();
        }

        if (authTime is { } time)
        {
            claims[TokenClaims.AuthTime] = time.ToUnixTimeSeconds();
        }

        if (amr is { Items.Count: > 0 })
        {
            claims[TokenClaims.Amr] = amr.Items.ToArray();
        }

        var token = Handler.CreateToken(Descriptor(api.Value.Audience, now, expires, claims, TokenClaims.AccessTokenType));
        return new IssuedAccessToken(token, jti, expires, (int)settings.Value.AccessTokenLifetime.TotalSeconds);
    }

    public string CreateIdToken(GuestAccessUser user, string clientId, SpaceList scopes, string? nonce, DateTimeOffset authTime, SpaceList amr)
    {
        var now = clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [TokenClaims.AuthTime] = authTime.ToUnixTimeSeconds(),
            [TokenClaims.Amr] = amr.Items.ToArray(),
        };
        if (nonce is not null)
        {
            claims[TokenClaims.Nonce] = nonce;
        }

        foreach (var (name, value) in UserClaims(user, scopes))
        {
            claims[name] = value;
        }

        return Handler.CreateToken(Descriptor(clientId, now, now + settings.Value.IdTokenLifetime, claims, "JWT"));
    }

    /// <summary>The profile claims a user's scopes release (ID token and userinfo).</summary>
    public static IEnumerable<(string Name, object Value)> UserClaims(GuestAccessUser user, SpaceList scopes)
    {
        if (scopes.Contains(Scopes.Profile))
        {
            yield return (TokenClaims.Name, user.DisplayName);
        }

        if (scopes.Contains(Scopes.Email) && user.Email is { } email)
        {
            yield return (TokenClaims.Email, email);
            yield return (TokenClaims.EmailVerified, user.EmailConfirmed);
        }
    }

    private SecurityTokenDescriptor Descriptor(string audience, DateTimeOffset now, DateTimeOffset expires, Dictionary<string, object> claims, string type) => new()
    {
        Issuer = issuer.Value,
        Audience = audience,
        IssuedAt = now.UtcDateTime,
        NotBefore = now.UtcDateTime,
        Expires = expires.UtcDateTime,
        Claims = claims,
        SigningCredentials = keys.Current,
        TokenType = type,
    };
}
