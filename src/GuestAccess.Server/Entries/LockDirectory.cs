using System.Collections.Concurrent;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Writing;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.Entries;

/// <summary>A lock as ingestion needs it: where it is, and its ids as stored text.</summary>
internal sealed record LockInfo(Guid Id, Guid SiteId, Guid DoorId, string DoorSlug)
{
    public string IdText { get; } = DbValue.Id(Id)!;

    public string SiteText { get; } = DbValue.Id(SiteId)!;

    public string DoorText { get; } = DbValue.Id(DoorId)!;

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

    public LockInfo? FindLock(Guid lockId, ref SqliteConnection? connection)
    {
        if (_locks.TryGetValue(lockId, out var found))
        {
            return found;
        }

        using var command = Open(ref connection).CreateCommand();
        command.CommandText = "SELECT l.site_id, l.door_id, d.slug FROM lock_controllers l JOIN doors d ON d.id = l.door_id WHERE l.id = $id";
        command.Parameters.AddWithValue("$id", DbValue.Id(lockId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var info = new LockInfo(lockId, Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2));
        return Cache(_locks, lockId, info);
    }

    /// <summary>The holder of the grant (or of the credential's grant), or null when unknown.</summary>
    public string? FindHolder(Guid? grantId, Guid? credentialId, ref SqliteConnection? connection)
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
        command.CommandText = "SELECT holder_kind, holder_id FROM access_grants WHERE id = $id";
        command.Parameters.AddWithValue("$id", DbValue.Id(id));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var holderId = Guid.Parse(reader.GetString(1));
        var pseudonym = reader.GetString(0) == nameof(Domain.Grants.HolderKind.Guest) ? AuditHolder.Guest(holderId) : AuditHolder.Citizen(holderId);
        return Cache(_grantHolders, id, pseudonym);
    }

    private Guid? GrantOfCredential(Guid credentialId, ref SqliteConnection? connection)
    {
        if (_credentialGrants.TryGetValue(credentialId, out var grant))
        {
            return grant;
        }

        using var command = Open(ref connection).CreateCommand();
        command.CommandText = "SELECT grant_id FROM credentials WHERE id = $id";
        command.Parameters.AddWithValue("$id", DbValue.Id(credentialId));
        return command.ExecuteScalar() is string text ? Cache(_credentialGrants, credentialId, Guid.Parse(text)) : null;
    }

    private SqliteConnection Open(ref SqliteConnection? connection) => connection ??= database.OpenRead();

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
