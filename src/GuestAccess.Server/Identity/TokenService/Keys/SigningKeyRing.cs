using System.Security.Cryptography;
using System.Text.Json;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GuestAccess.Server.Identity.TokenService.Keys;

/// <summary>
/// The token service's ES256 keys: created on first start, rotated on schedule, private halves
/// protected with ASP.NET Core Data Protection. Holds an in-memory snapshot so signing and
/// validation never wait for the database; <see cref="RefreshAsync"/> applies the schedule and
/// reloads (several server instances share the table, so each picks up the others' keys).
/// </summary>
public sealed partial class SigningKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, IOptions<IdentitySettings> settings, ILogger<SigningKeyRing> logger)
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    private const string Purpose = "GuestAccess.Identity.SigningKeys.v1";
    private Snapshot _snapshot = new([]);

    /// <summary>The credentials signing now.</summary>
    public SigningCredentials Current
    {
        get
        {
            var now = clock.GetUtcNow();
            var key = _snapshot.Keys.Where(k => k.ActivatesAt <= now && now < k.RetiresAt).MaxBy(k => k.ActivatesAt)
                ?? _snapshot.Keys.Where(k => k.ActivatesAt <= now).MaxBy(k => k.ActivatesAt)
                ?? throw new InvalidOperationException("No signing key is loaded yet.");
            return new SigningCredentials(key.Private, Algorithm);
        }
    }

    /// <summary>Every published public key (those announced, signing, or retired but still needed).</summary>
    public IReadOnlyList<JsonWebKey> PublishedJwks => _snapshot.Keys.Where(k => k.ExpiresAt > clock.GetUtcNow()).Select(k => k.Jwk).ToArray();

    /// <summary>The public key for a key id, while it is published.</summary>
    public SecurityKey? Find(string? kid) =>
        _snapshot.Keys.FirstOrDefault(k => k.Jwk.Kid == kid && k.ExpiresAt > clock.GetUtcNow())?.Public;

    public IEnumerable<SecurityKey> PublishedKeys => _snapshot.Keys.Where(k => k.ExpiresAt > clock.GetUtcNow()).Select(k => k.Public);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var options = settings.Value;
        var now = clock.GetUtcNow();
        var keys = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        var plan = KeyRotationPlan.Decide(keys, now, options.SigningKeyLifetime, options.SigningKeyAnnouncement, options.SigningKeyRetention);
        if (plan.Delete.Count > 0)
        {
            await db.SigningKeys.Where(k => plan.Delete.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
            LogKeysDropped(logger, plan.Delete.Count);
        }

        if (plan.Create is { } window)
        {
            var created = Create(window, now);
            db.SigningKeys.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            LogKeyCreated(logger, created.Id, window.ActivatesAt, window.RetiresAt);
        }

        var current = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        _snapshot = new Snapshot(current.Select(Load).ToArray());
    }

    private SigningKey Create(KeyWindow window, DateTimeOffset now)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X!),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y!),
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = Algorithm,
        };
        var protector = dataProtection.CreateProtector(Purpose);
        var privateKey = Convert.ToBase64String(protector.Protect(ec.ExportPkcs8PrivateKey()));
        return new SigningKey(kid, Algorithm, privateKey, JsonSerializer.Serialize(jwk), now, window.ActivatesAt, window.RetiresAt, window.ExpiresAt);
    }

    private LoadedKey Load(SigningKey stored)
    {
        var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(dataProtection.CreateProtector(Purpose).Unprotect(Convert.FromBase64String(stored.ProtectedPrivateKey)), out _);
        var jwk = new JsonWebKey(stored.PublicJwk);
        var publicEc = ECDsa.Create(ec.ExportParameters(includePrivateParameters: false));
        return new LoadedKey(
            new ECDsaSecurityKey(ec) { KeyId = stored.Id },
            new ECDsaSecurityKey(publicEc) { KeyId = stored.Id },
            jwk,
            stored.ActivatesAt,
            stored.RetiresAt,
            stored.ExpiresAt);
    }

    private sealed record Snapshot(IReadOnlyList<LoadedKey> Keys);

    private sealed record LoadedKey(ECDsaSecurityKey Private, ECDsaSecurityKey Public, JsonWebKey Jwk, DateTimeOffset ActivatesAt, DateTimeOffset RetiresAt, DateTimeOffset ExpiresAt);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Created signing key {KeyId}: signs from {ActivatesAt:o} until {RetiresAt:o}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, DateTimeOffset activatesAt, DateTimeOffset retiresAt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Dropped {Count} expired signing keys from JWKS")]
    private static partial void LogKeysDropped(ILogger logger, int count);
}
