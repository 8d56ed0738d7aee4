using GuestAccess.Server.Audit.Chain;
using Npgsql;
using NpgsqlTypes;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// PostgreSQL: the records of a writer transaction, their personal parts and the entry rows are
/// kept here and written with one binary <c>COPY</c> per table instead of one <c>INSERT</c> round
/// trip per row.
/// They are written before anything else on the writer's connection reads or changes the chain
/// tables, and before the commit, so the transaction sees and stores exactly what it would have
/// with the inserts. The chain's sequences are numbered under the writer's advisory lock, so a
/// COPY never meets a conflicting row.
/// </summary>
internal sealed class ChainCopy(NpgsqlConnection connection)
{
    private readonly List<ChainRecord> _records = [];
    private readonly List<(long Sequence, PreparedPersonal Personal, DateTimeOffset DeleteAfter)> _personal = [];
    private readonly List<EntryRow> _entries = [];

    public void Add(ChainRecord record) => _records.Add(record);

    public void Add(long sequence, PreparedPersonal personal, DateTimeOffset deleteAfter) => _personal.Add((sequence, personal, deleteAfter));

    /// <summary>An entry_events row the writer has checked is new (under the chain's advisory lock no other writer can add it meanwhile).</summary>
    public void Add(EntryRow entry) => _entries.Add(entry);

    /// <summary>Writes what is kept (records, personal parts, entry rows) in the current transaction.</summary>
    public void Flush()
    {
        if (_records.Count > 0)
        {
            using var import = connection.BeginBinaryImport(
                "COPY audit_records (sequence, format, recorded_at, category, action, actor_id, site_id, door_id, subject, outcome, data, personal_digest, previous_hash, hash) FROM STDIN (FORMAT BINARY)");
            foreach (var r in _records)
            {
                import.StartRow();
                import.Write(r.Sequence, NpgsqlDbType.Bigint);
                import.Write(r.Format, NpgsqlDbType.Integer);
                import.Write(DbValue.Instant(r.RecordedAtMicros), NpgsqlDbType.TimestampTz);
                import.Write(r.Category, NpgsqlDbType.Varchar);
                import.Write(r.Action, NpgsqlDbType.Varchar);
                Write(import, r.ActorId, NpgsqlDbType.Uuid);
                Write(import, r.SiteId, NpgsqlDbType.Uuid);
                Write(import, r.DoorId, NpgsqlDbType.Uuid);
                Write(import, r.Subject, NpgsqlDbType.Varchar);
                Write(import, r.Outcome, NpgsqlDbType.Varchar);
                Write(import, r.Data, NpgsqlDbType.Varchar);
                Write(import, r.PersonalDigest, NpgsqlDbType.Bytea);
                import.Write(r.PreviousHash, NpgsqlDbType.Bytea);
                import.Write(r.Hash, NpgsqlDbType.Bytea);
            }

            import.Complete();
            _records.Clear();
        }

        if (_personal.Count > 0)
        {
            using var import = connection.BeginBinaryImport(
                "COPY audit_personal_data (sequence, holder, salt, data, delete_after) FROM STDIN (FORMAT BINARY)");
            foreach (var (sequence, personal, deleteAfter) in _personal)
            {
                import.StartRow();
                import.Write(sequence, NpgsqlDbType.Bigint);
                Write(import, personal.Holder, NpgsqlDbType.Varchar);
                import.Write(personal.Salt, NpgsqlDbType.Bytea);
                import.Write(personal.Data, NpgsqlDbType.Varchar);
                import.Write(deleteAfter.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            }

            import.Complete();
            _personal.Clear();
        }

        if (_entries.Count > 0)
        {
            using var import = connection.BeginBinaryImport(
                "COPY entry_events (audit_sequence, lock_id, sequence, site_id, door_id, kind, occurred_at, received_at, outcome, denial_reason, method, credential_id, grant_id, details) FROM STDIN (FORMAT BINARY)");
            foreach (var e in _entries)
            {
                import.StartRow();
                import.Write(e.AuditSequence, NpgsqlDbType.Bigint);
                import.Write(e.LockId, NpgsqlDbType.Uuid);
                import.Write(e.Sequence, NpgsqlDbType.Bigint);
                import.Write(e.SiteId, NpgsqlDbType.Uuid);
                import.Write(e.DoorId, NpgsqlDbType.Uuid);
                import.Write(e.Kind, NpgsqlDbType.Varchar);
                import.Write(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                import.Write(e.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                Write(import, e.Outcome, NpgsqlDbType.Varchar);
                Write(import, e.DenialReason, NpgsqlDbType.Varchar);
                Write(import, e.Method, NpgsqlDbType.Varchar);
                Write(import, e.CredentialId, NpgsqlDbType.Uuid);
                Write(import, e.GrantId, NpgsqlDbType.Uuid);
                Write(import, e.Details, NpgsqlDbType.Varchar);
            }

            import.Complete();
            _entries.Clear();
        }
    }

    /// <summary>Forgets what is kept (the transaction is rolled back).</summary>
    public void Clear()
    {
        _records.Clear();
        _personal.Clear();
        _entries.Clear();
    }

    private static void Write<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type)
        where T : class
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, type);
        }
    }

    private static void Write(NpgsqlBinaryImporter import, Guid? value, NpgsqlDbType type)
    {
        if (value is { } id)
        {
            import.Write(id, type);
        }
        else
        {
            import.WriteNull();
        }
    }
}

/// <summary>One row of entry_events, as the writer's insert binds it.</summary>
internal sealed record EntryRow(
    long AuditSequence, Guid LockId, long Sequence, Guid SiteId, Guid DoorId, string Kind, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string? Outcome, string? DenialReason, string? Method, Guid? CredentialId, Guid? GrantId, string? Details);
