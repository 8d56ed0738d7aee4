using GuestAccess.Domain.Grants;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>The secrets of a key as issued: shown to (or sent to) the holder once, never stored in clear.</summary>
public sealed record IssuedSecrets(string Pin);

/// <summary>
/// Issues, re-issues and revokes the credentials of a grant inside the caller's
/// <see cref="KeyTransaction"/>: a PIN unique on the grant's doors (stored as salt + hash only).
/// </summary>
public sealed class KeyIssuer(TimeProvider clock, IOptions<KeyOptions> options)
{
    /// <summary>Adds the credentials of a new grant (tracked, not saved).</summary>
    public async Task<IssuedSecrets> IssueAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var pin = await AddPinAsync(db, grant, cancellationToken);
        return new IssuedSecrets(pin);
    }

    /// <summary>Replaces the grant's PIN: the old one is dropped at the locks when the grant is staged again.</summary>
    public async Task<string> ReissuePinAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var old in await ActiveAsync(db, grant.Id, cancellationToken))
        {
            if (old.Kind == CredentialKind.Pin)
            {
                old.Replace(now);
            }
        }

        return await AddPinAsync(db, grant, cancellationToken);
    }

    /// <summary>Ends every active credential of a revoked or expired grant.</summary>
    public async Task RevokeAllAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var credential in await ActiveAsync(db, grant.Id, cancellationToken))
        {
            credential.Revoke(now);
        }
    }

    /// <summary>The grant's active credentials, including those added in this unit of work.</summary>
    public static async Task<IReadOnlyList<Credential>> ActiveAsync(GuestAccessDb db, Guid grantId, CancellationToken cancellationToken)
    {
        var stored = await db.Credentials.Where(c => c.GrantId == grantId && c.Status == CredentialStatus.Active).ToListAsync(cancellationToken);
        var added = db.ChangeTracker.Entries<Credential>().Where(e => e.State == EntityState.Added && e.Entity.GrantId == grantId).Select(e => e.Entity);
        return stored.Concat(added).Where(c => c.Status == CredentialStatus.Active).Distinct().ToList();
    }

    private async Task<string> AddPinAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var pin = await PinAllocator.AllocateAsync(db, grant.Doors.Select(d => d.DoorId).ToList(), grant.Validity, options.Value.PinLength, cancellationToken);
        db.Credentials.Add(new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, pin.Salt, pin.Hash, clock.GetUtcNow()));
        return pin.Pin;
    }
}
