namespace GuestAccess.Server.Entries;

/// <summary>
/// What <see cref="IEntryIngestor.IngestAsync"/> durably stored. Confirm to the lock exactly
/// <see cref="Stored"/> (or: everything up to <see cref="ContiguousUpTo"/> plus the stored
/// sequences above it) — never more; ask for a replay from the first <see cref="Gaps"/> entry when
/// a gap does not fill by itself.
/// </summary>
public sealed record IngestResult
{
    public required Guid LockId { get; init; }

    /// <summary>The sequences of this call that are durably stored — now or before (redelivery), ascending.</summary>
    public required IReadOnlyList<long> Stored { get; init; }

    /// <summary>How many of <see cref="Stored"/> were new.</summary>
    public required int NewlyStored { get; init; }

    /// <summary>Every sequence 1…ContiguousUpTo of this lock is stored (0 when sequence 1 is missing).</summary>
    public required long ContiguousUpTo { get; init; }

    /// <summary>The highest sequence stored for this lock (0 when none).</summary>
    public required long HighestStored { get; init; }

    /// <summary>Missing ranges below <see cref="HighestStored"/>, oldest first (at most <see cref="MaxGaps"/>).</summary>
    public required IReadOnlyList<SequenceGap> Gaps { get; init; }

    /// <summary>Events not stored because they are invalid (or the lock is unknown); resending them will not help.</summary>
    public required IReadOnlyList<RejectedLockEvent> Rejected { get; init; }

    /// <summary>Sequences stored before with different content; the first version stands (they are also in <see cref="Stored"/>).</summary>
    public required IReadOnlyList<long> Conflicting { get; init; }

    public const int MaxGaps = 100;
}

/// <summary>Sequences <see cref="From"/>…<see cref="To"/> (inclusive) are missing.</summary>
public readonly record struct SequenceGap(long From, long To);

/// <summary>An event that was not stored, with a stable code (<c>unknown_lock</c>, <c>invalid_event</c>) and why.</summary>
public sealed record RejectedLockEvent(long Sequence, string Code, string Reason);

/// <summary>Durable, idempotent ingestion of lock events with their audit records.</summary>
public interface IEntryIngestor
{
    /// <summary>
    /// Stores the events of one lock and their audit records in one transaction (batched with
    /// other calls, committed with synchronous=FULL) and says what is now stored. Idempotent on
    /// (lock, sequence). Completes only after the commit; if it throws, nothing of this call may be
    /// confirmed to the lock (resending is always safe).
    /// </summary>
    Task<IngestResult> IngestAsync(Guid lockId, IReadOnlyList<LockEventData> events, CancellationToken cancellationToken = default);
}
