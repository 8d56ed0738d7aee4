using System.Collections.Concurrent;
using System.Data.Common;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Entries;

/// <summary>A lock as ingestion needs it: where it is.</summary>
internal sealed record LockInfo(Guid Id, Guid SiteId, Guid DoorId, string DoorSlug)
{
    public bool IsDoor(string reported) =>
        string.Equals(reported, DoorSlug, StringComparison.OrdinalIgnoreCase)
        || (Guid.TryParse(reported, out var id) && id == DoorId);
}

/// <summary>
/// Cached look-ups for ingestion, done by the callers (not the single writer): which site and
/// door a lock is at, and whose grant a credential or grant id is — the holder pseudonym that
/// goes into the record's personal part. Only found things are cached (they never change).
/// A lock not cached yet loads every lock at once, one caller at a time: when a rush starts,
/// thousands of locks' first events arrive together, and one query per lock, each on its own
/// connection, exhausted PostgreSQL's connection pool (scale benchmark, 2,000 locks).
/// </summary>
internal sealed class LockDirectory(AuditDatabase database)
{
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<Guid, LockInfo> _locks = new();
    private readonly ConcurrentDictionary<Guid, string> _grantHolders = new();
    private readonly ConcurrentDictionary<Guid, Guid> _credentialGrants = new();
    private readonly Lock _loading = new();
    private int _lockQueries;

    /// <summary>Queries made for locks so far (every lock at once, or one lock registered since).</summary>
    public int LockQueries => Volatile.Read(ref _lockQueries);

    public LockInfo? FindLock(Guid lockId, ref DbConnection? connection)
    {
        if (_locks.TryGetValue(lockId, out var found))
        {
            return found;
        }

        lock (_loading)
        {
            if (_locks.TryGetValue(lockId, out found))
            {
                return found;
            }

            // The first miss loads the whole fleet; a later one is a lock registered since (one row).
            var all = _lockQueries == 0;
            Interlocked.Increment(ref _lockQueries);
            using var command = Open(ref connection).CreateCommand();
            command.CommandText = "SELECT l.id, l.site_id, l.door_id, d.slug FROM lock_controllers l JOIN doors d ON d.id = l.door_id" + (all ? "" : " WHERE l.id = @id");
            if (!all)
            {
                command.AddParameter("@id", lockId);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = DbValue.ReadId(reader, 0)!.Value;
                Cache(_locks, id, new LockInfo(id, DbValue.ReadId(reader, 1)!.Value, DbValue.ReadId(reader, 2)!.Value, reader.GetString(3)));
            }

            return _locks.GetValueOrDefault(lockId);
        }
    }

    /// <summary>The holder of the grant (or of the credential's grant), or null when unknown.</summary>
    public string? FindHolder(Guid? grantId, Guid? credentialId, ref DbConnection? connection)
    {
        var grant = grantId ?? (credentialId is { } credential ? GrantOfCredential(credential, ref connection) : null);
        if (grant is not { } id)
        {
            return null;
        }

        if (_grantHolders.TryGetValue(id, out var holder))
        {
            return holder;
        }

        using var command = Open(ref connection).CreateCommand();
        command.CommandText = "SELECT holder_kind, holder_id FROM access_grants WHERE id = @id";
        command.AddParameter("@id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var holderId = DbValue.ReadId(reader, 1)!.Value;
        var pseudonym = reader.GetString(0) == nameof(Domain.Grants.HolderKind.Guest) ? AuditHolder.Guest(holderId) : AuditHolder.Citizen(holderId);
        return Cache(_grantHolders, id, pseudonym);
    }

    private Guid? GrantOfCredential(Guid credentialId, ref DbConnection? connection)
    {
        if (_credentialGrants.TryGetValue(credentialId, out var grant))
        {
            return grant;
        }

        using var command = Open(ref connection).CreateCommand();
        command.CommandText = "SELECT grant_id FROM credentials WHERE id = @id";
        command.AddParameter("@id", credentialId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Cache(_credentialGrants, credentialId, DbValue.ReadId(reader, 0)!.Value) : null;
    }

    private DbConnection Open(ref DbConnection? connection) => connection ??= database.OpenRead();

    private static T Cache<T>(ConcurrentDictionary<Guid, T> cache, Guid key, T value)
    {
        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        cache[key] = value;
        return value;
    }
}
