using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// Edits the desired credential sets inside one staging call: bumps each touched lock's version
/// once, records entries and revocations at that version, and writes one outbox row per lock.
/// A change of many locks at once (a site's revocation) calls <see cref="PrepareAsync"/> and
/// <see cref="RemoveAllAsync"/>: versions bumped, entries removed and revocations written in a few
/// set-based statements instead of a few per lock. <see cref="Publish"/> hands what it wrote to the dispatcher as
/// <see cref="DirectDelta"/>s.
/// </summary>
internal sealed class DesiredSetEditor(GuestAccessDb db, DateTimeOffset now, string? traceParent, CancellationToken cancellationToken)
{
    private readonly Dictionary<Guid, long> _bumped = [];
    private readonly List<LockCredentialEntry> _touched = [];
    private readonly List<LockRevocationEntry> _revoked = [];

    public IReadOnlyDictionary<Guid, long> Bumped => _bumped;

    /// <summary>Bumps <paramref name="lockIds"/> once each, set-based (before <see cref="RemoveAllAsync"/>).</summary>
    public async Task PrepareAsync(IReadOnlyCollection<Guid> lockIds)
    {
        var fresh = lockIds.Where(id => !_bumped.ContainsKey(id)).Distinct().ToList();
        foreach (var (lockId, version) in await FleetTargets.BumpAllAsync(db, fresh, cancellationToken))
        {
            Record(lockId, version, null, null);
        }
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

    /// <summary>
    /// After <see cref="PrepareAsync"/> for their locks: removes <paramref name="entries"/> (every
    /// present entry of <paramref name="grantIds"/>, as loaded) at their locks' new versions and
    /// revokes those whose window has not ended — two statements instead of one write per row
    /// (a site's emergency revoke touches hundreds). The rows are written here, not by SaveChanges:
    /// the loaded entries are detached and only describe the change (<see cref="Publish"/>).
    /// </summary>
    public async Task RemoveAllAsync(IReadOnlyList<Guid> grantIds, IReadOnlyList<LockCredentialEntry> entries)
    {
        if (grantIds.Count == 0 || entries.Count == 0)
        {
            return;
        }

        // Revocations first (they select the entries still present): at the new version, until each credential's end.
        var sqlite = db.Database.IsSqlite();
        var ids = string.Join(", ", grantIds.Select((_, i) => "{" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
        object[] parameters = [sqlite ? UtcMicrosecondsConverter.ToMicroseconds(now) : now, .. grantIds.Cast<object>()];
        // Only parameter placeholders ({1}, {2}, ...) are put into the text; every value is a parameter.
        var sql = $$"""
            INSERT INTO lock_revocation_entries (lock_id, credential_id, until, added_version)
            SELECT e.lock_id, e.credential_id, e.not_after, l.desired_version
            FROM lock_credential_entries e JOIN lock_controllers l ON l.id = e.lock_id
            WHERE e.grant_id IN ({{ids}}) AND e.removed_version IS NULL AND e.not_after > {0}
            ON CONFLICT (lock_id, credential_id) DO UPDATE SET until = excluded.until, added_version = excluded.added_version
            """;
        await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        await db.LockCredentialEntries().Where(e => grantIds.Contains(e.GrantId) && e.RemovedVersion == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RemovedVersion, e => db.Locks.Where(l => l.Id == e.LockId).Select(l => (long?)l.DesiredVersion).FirstOrDefault()), cancellationToken);
        foreach (var entry in entries)
        {
            var version = _bumped[entry.LockId]; // what the statements above wrote (PrepareAsync bumped it once)
            db.Entry(entry).State = EntityState.Detached; // written above: SaveChanges must not write it again
            entry.Remove(version);
            _touched.Add(entry);
            if (entry.NotAfter > now)
            {
                _revoked.Add(new LockRevocationEntry(entry.LockId, entry.CredentialId, entry.NotAfter, version));
            }
        }
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
        var existing = await db.LockRevocationEntries().FindAsync([lockId, credentialId], cancellationToken);
        if (existing is null)
        {
            var added = new LockRevocationEntry(lockId, credentialId, until, version);
            db.LockRevocationEntries().Add(added);
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
