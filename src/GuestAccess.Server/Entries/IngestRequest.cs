using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Entries;

/// <summary>
/// The stored sequences of every lock the writer has met, loaded from entry_events on first use.
/// Touched only on the writer's thread; a lock whose transaction rolled back is forgotten and
/// re-read, so the ranges never claim more than the database holds.
/// </summary>
internal sealed class EntrySequences
{
    private readonly Dictionary<Guid, SequenceRanges> _locks = [];
    private readonly Dictionary<Guid, long> _marked = [];

    public SequenceRanges Of(LockInfo lockInfo, EntryStatements statements)
    {
        if (!_locks.TryGetValue(lockInfo.Id, out var ranges))
        {
            _locks[lockInfo.Id] = ranges = statements.Load(lockInfo);
        }

        return ranges;
    }

    /// <summary>Whether the lock's stored mark (lock_sync_states) is already at <paramref name="upTo"/> or above, as far as this writer has written it.</summary>
    public bool IsMarked(Guid lockId, long upTo) => _marked.TryGetValue(lockId, out var marked) && marked >= upTo;

    /// <summary>The mark written in a committed transaction.</summary>
    public void Marked(Guid lockId, long upTo) => _marked[lockId] = Math.Max(upTo, _marked.GetValueOrDefault(lockId));

    public void Forget(Guid lockId)
    {
        _locks.Remove(lockId);
        _marked.Remove(lockId);
    }
}

/// <summary>
/// One <see cref="IEntryIngestor.IngestAsync"/> call: its events, their records and the lock's
/// stored mark (lock_sync_states.confirmed_up_to), written in the writer's transaction — one
/// commit for all of them, however many locks a batch holds.
/// </summary>
internal sealed class IngestRequest(LockInfo lockInfo, IReadOnlyList<PendingEvent> events, IReadOnlyList<RejectedLockEvent> rejected, EntrySequences sequences)
    : WriteRequest<IngestResult>
{
    private readonly List<long> _stored = new(events.Count);
    private readonly List<long> _conflicting = [];
    private SequenceRanges? _ranges;
    private int _new;
    private long _mark;

    public override int Weight => Math.Max(1, events.Count);

    public override void Write(AuditBatch batch)
    {
        _stored.Clear();
        _conflicting.Clear();
        _new = 0;
        var statements = batch.Store.Statements(store => new EntryStatements(store));
        _ranges = sequences.Of(lockInfo, statements);
        var ranges = _ranges;
        var stored = statements.StoredAmong(lockInfo, events.Select(e => e.Event.Sequence).Where(s => !ranges.Contains(s)));
        foreach (var pending in events)
        {
            var sequence = pending.Event.Sequence;
            if (!_ranges.Contains(sequence) && statements.TryInsert(batch.NextSequence, lockInfo, pending, batch.RecordedAtMicros, stored))
            {
                batch.Append(pending.Record);
                _new++;
            }
            else if (statements.Differs(lockInfo, pending))
            {
                _conflicting.Add(sequence);
            }

            _ranges.Add(sequence);
            _stored.Add(sequence);
        }

        _mark = _ranges.ContiguousUpTo;
        if (_mark > 0 && !sequences.IsMarked(lockInfo.Id, _mark))
        {
            statements.MarkStored(lockInfo, _mark);
        }
    }

    public override void Committed()
    {
        if (_mark > 0)
        {
            sequences.Marked(lockInfo.Id, _mark);
        }

        Complete(Result());
    }

    private IngestResult Result() => new()
    {
        LockId = lockInfo.Id,
        Stored = [.. _stored.Distinct().Order()],
        NewlyStored = _new,
        ContiguousUpTo = _ranges!.ContiguousUpTo,
        HighestStored = _ranges.Highest,
        Gaps = _ranges.Gaps(IngestResult.MaxGaps),
        Rejected = rejected,
        Conflicting = [.. _conflicting.Distinct().Order()],
    };

    public override void RolledBack() => sequences.Forget(lockInfo.Id);
}
