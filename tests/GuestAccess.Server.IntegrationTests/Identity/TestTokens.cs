using System.Security.Cryptography;
using System.Text;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Keys;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>
/// Forged and broken tokens for a user of a running server: signed with the server's real key
/// but expired or from another issuer; signed with a key it never published; unsigned
/// (<c>alg: none</c>); HMAC-signed with the server's public key (algorithm confusion).
/// </summary>
public sealed class TestTokens(TestServer server)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public string Expired(Guid userId) => Sign(userId, server.Services.GetRequiredService<SigningKeyRing>().Current, issuer: null, expires: DateTime.UtcNow.AddHours(-1));

    public string OtherIssuer(Guid userId) => Sign(userId, server.Services.GetRequiredService<SigningKeyRing>().Current, issuer: "https://evil.example", expires: null);

    public string UnknownKey(Guid userId)
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "unknown-key" };
        return Sign(userId, new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256), issuer: null, expires: null);
    }

    public string AlgNone(Guid userId)
    {
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        return $"{header}.{Base64Url(Payload(userId))}.";
    }

    /// <summary>HS256 keyed with the bytes of the server's published JWK: the classic key-confusion forgery.</summary>
    public string HmacWithPublicKey(Guid userId)
    {
        var jwk = server.Services.GetRequiredService<SigningKeyRing>().PublishedJwks[0];
        var secret = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { jwk.Kty, jwk.Crv, jwk.X, jwk.Y }));
        var key = new SymmetricSecurityKey(SHA256.HashData(secret)) { KeyId = jwk.Kid };
        return Sign(userId, new SigningCredentials(key, SecurityAlgorithms.HmacSha256), issuer: null, expires: null);
    }

    private string Payload(Guid userId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var issuer = server.Services.GetRequiredService<Issuer>().Value;
        return $"{{\"iss\":\"{issuer}\",\"aud\":\"guestaccess-api\",\"sub\":\"{userId}\",\"scope\":\"guestaccess.api\",\"client_id\":\"guestaccess-cli\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + 600}}}";
    }

    private string Sign(Guid userId, SigningCredentials credentials, string? issuer, DateTime? expires)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddMinutes(10);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? server.Services.GetRequiredService<Issuer>().Value,
            Audience = "guestaccess-api",
            IssuedAt = exp.AddMinutes(-10),
            NotBefore = exp.AddMinutes(-10),
            Expires = exp,
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["scope"] = "guestaccess.api", ["client_id"] = "guestaccess-cli", ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = credentials,
        });
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
