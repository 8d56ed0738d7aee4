using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>What an emergency revoke of a site did: the grants it revoked and, with a lockdown, how many locks were locked down.</summary>
public sealed record SiteRevocation(Guid SiteId, IReadOnlyList<AccessGrant> Grants, bool Lockdown, int LockedDown);

public sealed partial class GrantService
{
    /// <summary>
    /// Emergency for one of the caller's sites: every active grant there is revoked (caretakers'
    /// grants and bookings' keys; those bookings are cancelled, guests are told) and removed from
    /// the locks, in one transaction. With <paramref name="lockdown"/> the fleet's site lockdown is
    /// staged in the same transaction, so every lock also refuses every PIN and mobile key until
    /// a caretaker lifts it (<c>DELETE /api/v1/sites/{site}/lockdown</c>).
    /// </summary>
    public async Task<SiteRevocation> RevokeSiteAsync(Guid staffId, SiteScope scope, Guid siteId, string reason, bool lockdown, CancellationToken cancellationToken)
    {
        if (!scope.Contains(siteId))
        {
            throw new DomainException("site_not_found", "No such site among the sites you look after.");
        }

        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var grants = await db.Grants.Include(g => g.Doors).Where(g => g.SiteId == siteId && g.Status == GrantStatus.Active).ToListAsync(cancellationToken);
        await RevokeManyAsync(grants, staffId, reason, cancellationToken);

        var lockedDown = lockdown ? (await fleet.StageLockdownAsync(db, siteId, reason, staffId, cancellationToken)).Locks.Count : 0;
        audit.SiteRevoked(db, siteId, staffId, grants, reason, lockdown);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return new SiteRevocation(siteId, grants, lockdown, lockedDown);
    }
}
