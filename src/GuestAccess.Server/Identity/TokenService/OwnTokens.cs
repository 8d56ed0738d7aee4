using GuestAccess.Server.Identity.TokenService.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>Validation parameters for tokens our own token service signed: ES256 only, our keys, our issuer.</summary>
public sealed class OwnTokens(SigningKeyRing keys, Issuer issuer, IOptions<IdentitySettings> settings)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public TokenValidationParameters Parameters(string? audience, bool validateLifetime = true, string? type = null) => new()
    {
        ValidIssuer = issuer.Value,
        ValidateAudience = audience is not null,
        ValidAudience = audience,
        ValidateLifetime = validateLifetime,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = [SigningKeyRing.Algorithm],
        ValidTypes = type is null ? null : [type],
        ClockSkew = settings.Value.ClockSkew,
        IssuerSigningKeyResolver = (_, _, kid, _) => keys.Find(kid) is { } key ? [key] : [],
        NameClaimType = "sub",
    };

    /// <summary>The claims of one of our tokens, or null if it is not valid.</summary>
    public async Task<JsonWebToken?> ValidateAsync(string token, string? audience, bool validateLifetime, string? type = null)
    {
        if (token.Length > 8192)
        {
            return null;
        }

        var result = await Handler.ValidateTokenAsync(token, Parameters(audience, validateLifetime, type));
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }
}
