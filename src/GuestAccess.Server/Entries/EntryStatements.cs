using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Entries;

/// <summary>The writer's prepared statements for entry_events.</summary>
internal sealed class EntryStatements(AuditStore store)
{
    private readonly Statement _insert = store.Prepare(
        """
        INSERT INTO entry_events (audit_sequence, lock_id, sequence, site_id, door_id, kind, occurred_at, received_at, outcome, denial_reason, method, credential_id, grant_id, details)
        VALUES (@audit_sequence, @lock_id, @sequence, @site_id, @door_id, @kind, @occurred_at, @received_at, @outcome, @denial_reason, @method, @credential_id, @grant_id, @details)
        ON CONFLICT (lock_id, sequence) DO NOTHING
        """,
        "@audit_sequence", "@lock_id", "@sequence", "@site_id", "@door_id", "@kind", "@occurred_at", "@received_at", "@outcome", "@denial_reason", "@method", "@credential_id", "@grant_id", "@details");

    private readonly Statement _stored = store.Prepare(
        "SELECT kind, occurred_at, outcome, denial_reason, method, details FROM entry_events WHERE lock_id = @lock_id AND sequence = @sequence",
        "@lock_id", "@sequence");

    private readonly Statement _count = store.Prepare(
        "SELECT COUNT(*), COALESCE(MAX(sequence), 0) FROM entry_events WHERE lock_id = @lock_id", "@lock_id");

    private readonly Statement _all = store.Prepare(
        "SELECT sequence FROM entry_events WHERE lock_id = @lock_id ORDER BY sequence", "@lock_id");

    // PostgreSQL: which of a request's candidate sequences are stored already (one query instead of
    // one INSERT … ON CONFLICT per row; the rest go in with COPY). Exact: it runs under the chain's
    // advisory lock, which every writer holds while it adds entry rows. It need not see the rows
    // kept for COPY in this transaction: their sequences are in the lock's ranges, never candidates.
    private readonly Statement? _existing = store.IsSqlite ? null : store.Prepare(
        "SELECT sequence FROM entry_events WHERE lock_id = @lock_id AND sequence = ANY(@sequences)", seesKeptRows: false, "@lock_id", "@sequences");

    private readonly ChainCopy? _copy = store.Copy;

    // The lock fleet's record of what is stored from each lock (what a status is checked against
    // and a replay starts after), moved on in the same transaction as the events it counts.
    private readonly Statement _mark = store.Prepare(
        "UPDATE lock_sync_states SET confirmed_up_to = @up_to WHERE lock_id = @lock_id AND confirmed_up_to < @up_to", "@up_to", "@lock_id");

    /// <summary>PostgreSQL: the sequences among <paramref name="candidates"/> already stored for the lock (always empty on SQLite, whose insert answers that itself).</summary>
    public HashSet<long> StoredAmong(LockInfo lockInfo, IEnumerable<long> candidates)
    {
        var stored = new HashSet<long>();
        var sequences = candidates.Distinct().ToArray();
        if (_existing is null || sequences.Length == 0)
        {
            return stored;
        }

        using var reader = _existing.Bind(lockInfo.Id, sequences).Read();
        while (reader.Read())
        {
            stored.Add(reader.GetInt64(0));
        }

        return stored;
    }

    /// <summary>
    /// Inserts the event as the row of audit record <paramref name="auditSequence"/>; false when (lock, sequence) is already
    /// stored. PostgreSQL: <paramref name="stored"/> comes from <see cref="StoredAmong"/> and the row is kept for COPY.
    /// </summary>
    public bool TryInsert(long auditSequence, LockInfo lockInfo, PendingEvent pending, long receivedAtMicros, HashSet<long> stored)
    {
        var e = pending.Event;
        if (_copy is not null)
        {
            if (stored.Contains(e.Sequence))
            {
                return false;
            }

            _copy.Add(new EntryRow(
                auditSequence, lockInfo.Id, e.Sequence, lockInfo.SiteId, lockInfo.DoorId, e.Kind.ToString(), e.OccurredAt, DbValue.Instant(receivedAtMicros),
                e.Outcome?.ToString(), e.DenialReason?.ToString(), e.Method?.ToString(), e.CredentialId, e.GrantId, pending.Details));
            stored.Add(e.Sequence);
            return true;
        }

        return _insert.Bind(
            auditSequence, lockInfo.Id, e.Sequence, lockInfo.SiteId, lockInfo.DoorId, e.Kind.ToString(),
            e.OccurredAt, DbValue.Instant(receivedAtMicros), e.Outcome?.ToString(), e.DenialReason?.ToString(), e.Method?.ToString(),
            e.CredentialId, e.GrantId, pending.Details).Execute() == 1;
    }

    /// <summary>Records that every event 1…<paramref name="upTo"/> of the lock is stored (never moves the mark back).</summary>
    public void MarkStored(LockInfo lockInfo, long upTo) => _mark.Bind(upTo, lockInfo.Id).Execute();

    /// <summary>Whether the stored event differs from a redelivered one in what retention never deletes.</summary>
    public bool Differs(LockInfo lockInfo, PendingEvent pending)
    {
        var e = pending.Event;
        using var reader = _stored.Bind(lockInfo.Id, e.Sequence).Read();
        if (!reader.Read())
        {
            return false;
        }

        return reader.GetString(0) != e.Kind.ToString()
            || DbValue.ReadMicros(reader, 1) != DbValue.Micros(e.OccurredAt)
            || DbValue.ReadText(reader, 2) != e.Outcome?.ToString()
            || DbValue.ReadText(reader, 3) != e.DenialReason?.ToString()
            || DbValue.ReadText(reader, 4) != e.Method?.ToString()
            || DbValue.ReadText(reader, 5) != pending.Details;
    }

    /// <summary>The stored sequences of a lock, read once when the writer first meets the lock.</summary>
    public SequenceRanges Load(LockInfo lockInfo)
    {
        var ranges = new SequenceRanges();
        long count, max;
        using (var reader = _count.Bind(lockInfo.Id).Read())
        {
            reader.Read();
            (count, max) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (count == max)
        {
            // No gaps (the common case): one range, without reading every row.
            if (max > 0)
            {
                ranges.AddRange(1, max);
            }

            return ranges;
        }

        using var all = _all.Bind(lockInfo.Id).Read();
        while (all.Read())
        {
            ranges.Add(all.GetInt64(0));
        }

        return ranges;
    }
}
