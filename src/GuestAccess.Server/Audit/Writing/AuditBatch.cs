using GuestAccess.Server.Audit.Chain;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// One writer transaction: numbers, hashes and stores records on top of the chain head read at
/// its start. Every record of a batch gets the same recorded-at instant, never earlier than the
/// head's, so recorded_at never decreases along the chain even if the clock steps back.
/// </summary>
internal sealed class AuditBatch(AuditStore store, ChainHasher hasher, ChainHead head, DateTimeOffset now, RetentionOptions retention)
{
    private readonly long _recordedAtMicros = Math.Max(DbValue.Micros(now), head.RecordedAtMicros);

    public AuditStore Store => store;

    public ChainHead Head { get; private set; } = head;

    /// <summary>The sequence the next appended record will get.</summary>
    public long NextSequence => Head.Sequence + 1;

    public DateTimeOffset RecordedAt => DbValue.Instant(_recordedAtMicros);

    public long RecordedAtMicros => _recordedAtMicros;

    public int Appended { get; private set; }

    /// <summary>Sign a checkpoint of this batch's head even if none is due yet.</summary>
    public bool CheckpointRequested { get; set; }

    /// <summary>The checkpoint written in this batch's transaction, if any.</summary>
    public Domain.Audit.AuditCheckpoint? Checkpoint { get; set; }

    public AuditReceipt Append(PreparedRecord prepared)
    {
        var sequence = NextSequence;
        var unhashed = new ChainRecord(
            sequence, ChainHasher.CurrentFormat, _recordedAtMicros, prepared.Category.ToString(), prepared.Action,
            prepared.ActorId, prepared.SiteId, prepared.DoorId, prepared.Subject, prepared.Outcome, prepared.Data,
            prepared.Personal?.Digest, Head.Hash, []);
        var record = unhashed with { Hash = hasher.Compute(unhashed) };
        store.Insert(record);
        if (prepared.Personal is { } personal)
        {
            store.Insert(sequence, personal, RecordedAt + retention.PeriodFor(prepared.Category));
        }

        Head = new ChainHead(sequence, record.Hash, _recordedAtMicros);
        Appended++;
        return new AuditReceipt(sequence, RecordedAt, record.Hash);
    }
}
