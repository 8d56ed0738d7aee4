using System.Security.Cryptography;
using System.Text;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Federation;

/// <summary>
/// Citizens are known by a pseudonym: HMAC-SHA256 over the upstream issuer and subject with a
/// server secret (<c>Identity:PseudonymKey</c>, or one generated once and stored encrypted with
/// Data Protection). The upstream identifier itself — and never a CPR number — is not stored.
/// </summary>
public sealed class PseudonymousSubject(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, IOptions<FederationSettings> settings, TimeProvider clock)
{
    private const string SecretName = "pseudonym-key";
    private byte[]? _key;

    public static string Compute(byte[] key, string issuer, string subject) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{issuer}|{subject}")));

    public async Task<string> ForAsync(string issuer, string subject, CancellationToken cancellationToken) =>
        Compute(_key ??= await KeyAsync(cancellationToken), issuer, subject);

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.PseudonymKey is { } configured)
        {
            return Convert.FromBase64String(configured);
        }

        var protector = dataProtection.CreateProtector("GuestAccess.Identity.PseudonymKey.v1");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var stored = await db.ProtectedSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == SecretName, cancellationToken);
        if (stored is null)
        {
            db.ProtectedSecrets.Add(new ProtectedSecret(SecretName, Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(32))), clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another server instance created it first: use theirs.
            }

            stored = await db.ProtectedSecrets.AsNoTracking().SingleAsync(s => s.Id == SecretName, cancellationToken);
        }

        return protector.Unprotect(Convert.FromBase64String(stored.ProtectedValue));
    }
}
