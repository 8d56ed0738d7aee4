using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Locks;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Signing;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>
/// Mobile keys: ES256 tokens (typ ga-key+jwt) signed with the key the locks trust, listing the
/// grant's locks, its window and schedule, with the credential id as jti. Nothing secret is
/// stored: the credential row keeps only the id, and the token is signed again from the grant
/// whenever its holder asks for it (the same jti, so one revocation stops every copy).
/// </summary>
public sealed class MobileKeys(LockSigningKeyStore signingKeys, IOptions<LockFleetOptions> fleet, TimeProvider clock)
{
    /// <summary>Adds a mobile key credential to the grant and returns its token; null when none of its doors has a lock.</summary>
    public async Task<string?> AddAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(db, grant, cancellationToken);
        if (target.Locks.Count == 0)
        {
            return null;
        }

        var credential = new Credential(Guid.NewGuid(), grant.Id, CredentialKind.MobileKey, [], [], clock.GetUtcNow());
        db.Credentials.Add(credential);
        return Sign(grant, credential.Id, target);
    }

    /// <summary>The token of the grant's active mobile key, signed now; null when it has none.</summary>
    public async Task<string?> TokenAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var credential = (await KeyIssuer.ActiveAsync(db, grant.Id, cancellationToken)).FirstOrDefault(c => c.Kind == CredentialKind.MobileKey);
        if (credential is null || grant.Status != GrantStatus.Active)
        {
            return null;
        }

        var target = await TargetAsync(db, grant, cancellationToken);
        return target.Locks.Count == 0 ? null : Sign(grant, credential.Id, target);
    }

    /// <summary>A pseudonym for the holder, per grant: it links nothing across grants and names nobody.</summary>
    public static string Holder(Guid grantId) => "h-" + LockWireIds.Grant(grantId)[..12];

    private string Sign(AccessGrant grant, Guid credentialId, KeyTarget target) =>
        new MobileKeyIssuer(signingKeys.Current).Issue(new MobileKeyClaims
        {
            Issuer = fleet.Value.MobileKeyIssuer,
            CredentialId = LockWireIds.Credential(credentialId),
            GrantId = LockWireIds.Grant(grant.Id),
            Holder = Holder(grant.Id),
            Locks = target.Locks,
            NotBefore = grant.ValidFrom,
            NotAfter = grant.ValidUntil,
            Schedule = grant.Schedule is null ? null : ScheduleMapping.ToWire(grant.Schedule, target.TimeZoneId, clock.GetUtcNow()),
        });

    private static async Task<KeyTarget> TargetAsync(GuestAccessDb db, AccessGrant grant, CancellationToken cancellationToken)
    {
        var doorIds = grant.Doors.Select(d => d.DoorId).ToList();
        var devices = await db.Locks.AsNoTracking()
            .Where(l => doorIds.Contains(l.DoorId) && l.Lifecycle != LockLifecycle.Decommissioned)
            .OrderBy(l => l.DeviceId).Select(l => l.DeviceId).ToListAsync(cancellationToken);
        var zone = await FleetTargets.TimeZoneAsync(db, grant.SiteId, cancellationToken);
        return new KeyTarget(devices.Select(LockId.Parse).ToList(), zone);
    }

    private sealed record KeyTarget(IReadOnlyList<LockId> Locks, string TimeZoneId);
}
