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
/// </summary>
internal sealed class LockDirectory(AuditDatabase database)
{
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<Guid, LockInfo> _locks = new();
    private readonly ConcurrentDictionary<Guid, string> _grantHolders = new();
    private readonly ConcurrentDictionary<Guid, Guid> _credentialGrants = new();

    public LockInfo? FindLock(Guid lockId, ref DbConnection? connection)
    {
        if (_locks.TryGetValue(lockId, out var found))
        {
            return found;
        }

        using var command = Open(ref connection).CreateCommand();
        command.CommandText = "SELECT l.site_id, l.door_id, d.slug FROM lock_controllers l JOIN doors d ON d.id = l.door_id WHERE l.id = @id";
        command.AddParameter("@id", lockId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var info = new LockInfo(lockId, DbValue.ReadId(reader, 0)!.Value, DbValue.ReadId(reader, 1)!.Value, reader.GetString(2));
        return Cache(_locks, lockId, info);
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
