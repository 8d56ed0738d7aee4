namespace GuestAccess.Domain.Entries;

/// <summary>
/// One event reported by a lock, identified by (lock, sequence number): ingestion is idempotent
/// on that pair, and gaps in a lock's sequence are noticed and replayed. Each event is stored
/// together with its audit record, whose chain position <see cref="AuditSequence"/> also orders
/// events by arrival.
/// </summary>
public sealed class EntryEvent
{
    public EntryEvent(long auditSequence, Guid lockId, long sequence, Guid siteId, Guid doorId, LockEventKind kind, DateTimeOffset occurredAt, DateTimeOffset receivedAt)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "Lock sequence numbers start at 1.");
        }

        AuditSequence = auditSequence;
        LockId = lockId;
        Sequence = sequence;
        SiteId = siteId;
        DoorId = doorId;
        Kind = kind;
        OccurredAt = occurredAt;
        ReceivedAt = receivedAt;
    }

    private EntryEvent()
    {
    }

    /// <summary>The sequence of this event's audit record; events are ordered by it in arrival order.</summary>
    public long AuditSequence { get; private set; }

    public Guid LockId { get; private set; }

    public long Sequence { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid DoorId { get; private set; }

    public LockEventKind Kind { get; private set; }

    /// <summary>The lock's own clock when the event happened.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public EntryOutcome? Outcome { get; private set; }

    public DenialReason? DenialReason { get; private set; }

    public EntryMethod? Method { get; private set; }

    /// <summary>Cleared by retention together with the audit record's personal part.</summary>
    public Guid? CredentialId { get; private set; }

    /// <summary>Cleared by retention together with the audit record's personal part.</summary>
    public Guid? GrantId { get; private set; }

    /// <summary>Kind-specific, non-personal details as JSON (battery level, rejected command, …).</summary>
    public string? Details { get; private set; }

    public EntryEvent WithAttempt(EntryOutcome outcome, DenialReason? reason, EntryMethod? method, Guid? credentialId, Guid? grantId)
    {
        if (Kind != LockEventKind.EntryAttempt)
        {
            throw new InvalidOperationException("Only entry attempts have an outcome.");
        }

        if (outcome == EntryOutcome.Granted && reason is not null)
        {
            throw new ArgumentException("A granted entry has no denial reason.", nameof(reason));
        }

        Outcome = outcome;
        DenialReason = outcome == EntryOutcome.Denied ? reason ?? Entries.DenialReason.UnknownCredential : null;
        Method = method;
        CredentialId = credentialId;
        GrantId = grantId;
        return this;
    }
}
