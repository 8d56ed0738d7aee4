using GuestAccess.Domain.Entries;

namespace GuestAccess.Server.Entries;

/// <summary>
/// One event as a lock reported it, in server terms (the lock-fleet code maps protocol messages
/// to this). Identified by (lock, <see cref="Sequence"/>): sending the same event again is
/// harmless.
/// </summary>
/// <param name="Sequence">The lock's own event number: from 1, +1 per event, never reused.</param>
/// <param name="OccurredAt">The lock's clock when it happened (it may be skewed; the server also records when it received it).</param>
/// <param name="Kind">What happened.</param>
public sealed record LockEventData(long Sequence, DateTimeOffset OccurredAt, LockEventKind Kind)
{
    /// <summary>The door as the lock names it (the door's slug or id it was provisioned with); optional. A mismatch with the lock's registered door is kept in the details.</summary>
    public string? Door { get; init; }

    /// <summary>Entry attempts only (required there).</summary>
    public EntryOutcome? Outcome { get; init; }

    /// <summary>Denied entry attempts only (required there).</summary>
    public DenialReason? DenialReason { get; init; }

    /// <summary>Entry attempts only (required there).</summary>
    public EntryMethod? Method { get; init; }

    /// <summary>The credential presented, when the lock could tell (never for a wrong PIN). Personal: kept for the entry retention period.</summary>
    public Guid? CredentialId { get; init; }

    /// <summary>The grant the credential belongs to, when known. Personal: kept for the entry retention period.</summary>
    public Guid? GrantId { get; init; }

    /// <summary>Remote-unlock entries and rejected commands: the command concerned.</summary>
    public string? CommandId { get; init; }

    /// <summary>Rejected commands: the lock's reason code (e.g. <c>bad_signature</c>).</summary>
    public string? RejectReason { get; init; }

    /// <summary>Clock-skew events: command time minus lock clock, in seconds.</summary>
    public long? SkewSeconds { get; init; }

    /// <summary>Battery-low events: 0-100.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>Events-dropped events: how many the lock had to drop (at least 1).</summary>
    public long? DroppedCount { get; init; }
}
