using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// Edits the desired credential sets inside one staging call: bumps each touched lock's version
/// once, records entries and revocations at that version, and writes one outbox row per lock.
/// A change of many locks at once (a site's revocation) calls <see cref="PrepareAsync"/> first:
/// every version is then bumped and every existing revocation read in a few set-based statements
/// instead of a few per lock.
/// </summary>
internal sealed class DesiredSetEditor(GuestAccessDb db, DateTimeOffset now, string? traceParent, CancellationToken cancellationToken)
{
    private readonly Dictionary<Guid, long> _bumped = [];
    private Dictionary<(Guid LockId, Guid CredentialId), LockRevocationEntry>? _revocations;

    public IReadOnlyDictionary<Guid, long> Bumped => _bumped;

    /// <summary>Bumps <paramref name="lockIds"/> once each and reads their revocations of <paramref name="credentialIds"/>, set-based.</summary>
    public async Task PrepareAsync(IReadOnlyCollection<Guid> lockIds, IReadOnlyCollection<Guid> credentialIds)
    {
        var fresh = lockIds.Where(id => !_bumped.ContainsKey(id)).Distinct().ToList();
        foreach (var (lockId, version) in await FleetTargets.BumpAllAsync(db, fresh, cancellationToken))
        {
            Record(lockId, version, null, null);
        }

        var existing = await db.LockRevocationEntries()
            .Where(r => lockIds.Contains(r.LockId) && credentialIds.Contains(r.CredentialId))
            .ToListAsync(cancellationToken);
        _revocations = existing.ToDictionary(r => (r.LockId, r.CredentialId));
    }

    public async Task<long> VersionForAsync(Guid lockId, string? reason = null, Guid? actorId = null)
    {
        if (_bumped.TryGetValue(lockId, out var version))
        {
            return version;
        }

        version = await FleetTargets.BumpAsync(db, lockId, cancellationToken);
        Record(lockId, version, reason, actorId);
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

    private void Record(Guid lockId, long version, string? reason, Guid? actorId)
    {
        _bumped[lockId] = version;
        db.LockOutbox().Add(new LockOutboxMessage(lockId, LockOutboxKind.Credentials, now, traceParent)
        {
            TargetVersion = version,
            Reason = reason,
            ActorId = actorId,
        });
    }

    private async Task RevokeAsync(Guid lockId, Guid credentialId, DateTimeOffset until, long version)
    {
        // Prepared: what was read is all there is, plus what this change added.
        var existing = _revocations is null
            ? await db.LockRevocationEntries().FindAsync([lockId, credentialId], cancellationToken)
            : _revocations.GetValueOrDefault((lockId, credentialId));
        if (existing is null)
        {
            var added = new LockRevocationEntry(lockId, credentialId, until, version);
            db.LockRevocationEntries().Add(added);
            _revocations?.Add((lockId, credentialId), added);
        }
        else
        {
            existing.Renew(until, version);
        }
    }
}
