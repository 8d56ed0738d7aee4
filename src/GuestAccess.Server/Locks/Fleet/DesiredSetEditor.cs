using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// Edits the desired credential sets inside one staging call: bumps each touched lock's version
/// once, records entries and revocations at that version, and writes one outbox row per lock.
/// </summary>
internal sealed class DesiredSetEditor(GuestAccessDb db, DateTimeOffset now, string? traceParent, CancellationToken cancellationToken)
{
    private readonly Dictionary<Guid, long> _bumped = [];

    public IReadOnlyDictionary<Guid, long> Bumped => _bumped;

    public async Task<long> VersionForAsync(Guid lockId, string? reason = null, Guid? actorId = null)
    {
        if (_bumped.TryGetValue(lockId, out var version))
        {
            return version;
        }

        version = await FleetTargets.BumpAsync(db, lockId, cancellationToken);
        _bumped[lockId] = version;
        db.LockOutbox().Add(new LockOutboxMessage(lockId, LockOutboxKind.Credentials, now, traceParent)
        {
            TargetVersion = version,
            Reason = reason,
            ActorId = actorId,
        });
        return version;
    }

    public async Task RemoveAsync(LockCredentialEntry entry)
    {
        var version = await VersionForAsync(entry.LockId);
        entry.Remove(version);
        if (entry.NotAfter > now)
        {
            await RevokeAsync(entry.LockId, entry.CredentialId, entry.NotAfter, version);
        }
    }

    private async Task RevokeAsync(Guid lockId, Guid credentialId, DateTimeOffset until, long version)
    {
        var existing = await db.LockRevocationEntries().FindAsync([lockId, credentialId], cancellationToken);
        if (existing is null)
        {
            db.LockRevocationEntries().Add(new LockRevocationEntry(lockId, credentialId, until, version));
        }
        else
        {
            existing.Renew(until, version);
        }
    }
}
