using GuestAccess.Domain.Grants;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>The secrets of a key as issued: shown to (or sent to) the holder once; the PIN is never stored in clear.</summary>
public sealed record IssuedSecrets(string Pin, string? MobileKey);

/// <summary>
/// Issues, re-issues and revokes the credentials of a grant and stages the result at every lock
/// of its doors — all inside the caller's <see cref="KeyTransaction"/>, so the grant, its
/// credentials and the lock fleet's outbox rows commit together or not at all. A PIN is unique
/// on the grant's doors and stored as salt + hash only; a mobile key is stored as its id only.
/// </summary>
public sealed class KeyIssuer(LockFleet fleet, MobileKeys mobileKeys, TimeProvider clock, IOptions<KeyOptions> options)
{
    /// <summary>Adds the credentials of a new (tracked) grant and stages them at its locks.</summary>
    public async Task<IssuedSecrets> IssueAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var pin = await AddPinAsync(db, grant, cancellationToken);
        var mobileKey = await mobileKeys.AddAsync(db, grant, cancellationToken);
        await StageAsync(db, grant, cancellationToken);
        return new IssuedSecrets(pin, mobileKey);
    }

    /// <summary>Replaces the grant's PIN; the old one is dropped at the locks in the same change.</summary>
    public async Task<string> ReissuePinAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        End(await ActiveAsync(db, grant.Id, cancellationToken), CredentialKind.Pin, c => c.Replace(clock.GetUtcNow()));
        var pin = await AddPinAsync(db, grant, cancellationToken);
        await StageAsync(db, grant, cancellationToken);
        return pin;
    }

    /// <summary>
    /// After the grant's doors, window or schedule changed: the PIN stays (the locks get its new
    /// window), the mobile key is replaced because its claims carry the old ones; the old one is revoked.
    /// </summary>
    public async Task<string?> RestageAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        End(await ActiveAsync(db, grant.Id, cancellationToken), CredentialKind.MobileKey, c => c.Replace(clock.GetUtcNow()));
        var mobileKey = await mobileKeys.AddAsync(db, grant, cancellationToken);
        await StageAsync(db, grant, cancellationToken);
        return mobileKey;
    }

    /// <summary>Ends every credential of a revoked or expired grant and removes them from its locks.</summary>
    public Task RevokeAllAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken) =>
        RevokeAllAsync(db, [grant], cancellationToken);

    /// <summary>
    /// <see cref="RevokeAllAsync(GuestAccessDb, AccessGrant, CancellationToken)"/> for many grants
    /// in one change: their credentials are read in one query and their locks staged set-based.
    /// </summary>
    public async Task RevokeAllAsync(GuestAccessDb db, IReadOnlyCollection<AccessGrant> grants, CancellationToken cancellationToken)
    {
        if (grants.Any(g => g.Status == GrantStatus.Active))
        {
            throw new InvalidOperationException("Revoke or expire the grant before revoking its credentials.");
        }

        var now = clock.GetUtcNow();
        var ids = grants.Select(g => g.Id).ToList();
        var stored = await db.Credentials.Where(c => ids.Contains(c.GrantId) && c.Status == CredentialStatus.Active).ToListAsync(cancellationToken);
        var added = db.ChangeTracker.Entries<Credential>().Where(e => e.State == EntityState.Added && ids.Contains(e.Entity.GrantId)).Select(e => e.Entity);
        foreach (var credential in stored.Concat(added).Distinct().ToList())
        {
            credential.Revoke(now);
        }

        await fleet.StageRevocationsAsync(db, grants, cancellationToken);
    }

    /// <summary>The grant's active credentials, including those added in this unit of work.</summary>
    public static async Task<IReadOnlyList<Credential>> ActiveAsync(GuestAccessDb db, Guid grantId, CancellationToken cancellationToken)
    {
        var stored = await db.Credentials.Where(c => c.GrantId == grantId && c.Status == CredentialStatus.Active).ToListAsync(cancellationToken);
        var added = db.ChangeTracker.Entries<Credential>().Where(e => e.State == EntityState.Added && e.Entity.GrantId == grantId).Select(e => e.Entity);
        return stored.Concat(added).Where(c => c.Status == CredentialStatus.Active).Distinct().ToList();
    }

    private async Task StageAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        // A grant added in this unit of work has nothing stored yet: its credentials are the ones just added.
        var credentials = db.Entry(grant).State == EntityState.Added
            ? db.ChangeTracker.Entries<Credential>().Where(e => e.State == EntityState.Added && e.Entity.GrantId == grant.Id && e.Entity.Status == CredentialStatus.Active).Select(e => e.Entity).ToList()
            : await ActiveAsync(db, grant.Id, cancellationToken);
        await fleet.StageGrantAsync(db, grant, credentials.Select(CredentialMaterial.From).ToList(), cancellationToken);
    }

    private static void End(IEnumerable<Credential> credentials, CredentialKind kind, Action<Credential> end)
    {
        foreach (var credential in credentials.Where(c => c.Kind == kind))
        {
            end(credential);
        }
    }

    private async Task<string> AddPinAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var pin = await PinAllocator.AllocateAsync(db, grant.Doors.Select(d => d.DoorId).ToList(), grant.Validity, options.Value.PinLength, cancellationToken);
        db.Credentials.Add(new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, pin.Salt, pin.Hash, clock.GetUtcNow()));
        return pin.Pin;
    }
}
