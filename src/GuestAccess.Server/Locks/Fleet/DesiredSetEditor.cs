using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// Edits the desired credential sets inside one staging call: bumps each touched lock's version
/// once, records entries and revocations at that version, and writes one outbox row per lock.
/// A change of many locks at once (a site's revocation) calls <see cref="PrepareAsync"/> first:
/// every version is then bumped and every existing revocation read in a few set-based statements
/// instead of a few per lock. <see cref="Publish"/> hands what it wrote to the dispatcher as
/// <see cref="DirectDelta"/>s.
/// </summary>
internal sealed class DesiredSetEditor(GuestAccessDb db, DateTimeOffset now, string? traceParent, CancellationToken cancellationToken)
{
    private readonly Dictionary<Guid, long> _bumped = [];
    private readonly List<LockCredentialEntry> _touched = [];
    private readonly List<LockRevocationEntry> _revoked = [];
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

    /// <summary>Puts <paramref name="entry"/> (new or changed) into its lock's set at this change's version.</summary>
    public async Task SetAsync(LockCredentialEntry entry, byte[]? salt, byte[]? hash, DateTimeOffset notBefore, DateTimeOffset notAfter, string? schedule)
    {
        entry.Set(salt, hash, notBefore, notAfter, schedule, await VersionForAsync(entry.LockId));
        _touched.Add(entry);
    }

    public async Task RemoveAsync(LockCredentialEntry entry)
    {
        var version = await VersionForAsync(entry.LockId);
        entry.Remove(version);
        _touched.Add(entry);
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
            _revoked.Add(added);
        }
        else
        {
            existing.Renew(until, version);
            _revoked.Add(existing);
        }
    }

    /// <summary>
    /// Registers the delta of every lock in <paramref name="deliverable"/> that this change moved
    /// (provisioned, not locked down: the dispatcher sends those a delta) with the unit of work,
    /// built from the rows this editor wrote — exactly the rows with the new version, which is
    /// what the dispatcher's planner would read (PINs changed at it, and revocations added at it).
    /// A delta larger than a command carries is left to the planner.
    /// </summary>
    public void Publish(IEnumerable<Guid> deliverable)
    {
        foreach (var lockId in deliverable.Distinct())
        {
            if (!_bumped.TryGetValue(lockId, out var version))
            {
                continue;
            }

            var pins = _touched.Where(e => e.LockId == lockId && e.Kind == LockCredentialKind.Pin).Distinct().ToList();
            var upserts = pins.Where(e => e.RemovedVersion is null && e.AddedVersion == version).ToList();
            var removals = pins.Where(e => e.RemovedVersion == version).ToList();
            var revocations = _revoked.Where(r => r.LockId == lockId && r.AddedVersion == version && r.Until > now).Distinct().ToList();
            if (upserts.Count > Dispatch.SyncPlanner.MaxEntries || removals.Count > Dispatch.SyncPlanner.MaxEntries || revocations.Count > Dispatch.SyncPlanner.MaxEntries)
            {
                continue;
            }

            db.StagedDeltas.Add(new DirectDelta(
                lockId,
                version - 1,
                version,
                upserts.Select(Dispatch.SyncPlanner.ToWire).ToList(),
                removals.Select(e => LockWireIds.Credential(e.CredentialId)).ToList(),
                revocations.Select(Dispatch.SyncPlanner.ToWire).ToList(),
                traceParent));
        }
    }
}
