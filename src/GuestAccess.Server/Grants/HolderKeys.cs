using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>What a citizen can do with their own keys (besides reading them): get a new PIN.</summary>
public sealed class HolderKeys(GuestAccessDb db, KeyIssuer keys, KeyAudit audit)
{
    /// <summary>The citizen's own keys, for queries: someone else's key is simply not there.</summary>
    public static IQueryable<AccessGrant> Of(GuestAccessDb db, Guid citizenId) =>
        db.Grants.Where(g => g.HolderKind == HolderKind.Citizen && g.HolderId == citizenId);

    /// <summary>Replaces the PIN of the citizen's active key; the new PIN is returned once, the old one stops working at the locks.</summary>
    public async Task<(AccessGrant Grant, string Pin)> ReissuePinAsync(Guid citizenId, Guid grantId, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var grant = await Of(db, citizenId).Include(g => g.Doors).SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken)
            ?? throw new DomainException("key_not_found", "No such key.");
        if (grant.Status != GrantStatus.Active)
        {
            throw new DomainException("grant_not_active", "Only an active key can get a new PIN.");
        }

        var pin = await keys.ReissuePinAsync(db, grant, cancellationToken);
        audit.PinReissued(db, grant, citizenId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Committed();
        return (grant, pin);
    }
}
