namespace GuestAccess.Server.Locks.Store;

public enum LockOutboxKind
{
    /// <summary>Bring the lock to <see cref="LockOutboxMessage.TargetVersion"/> (grants, revocations, lockdown and its lifting).</summary>
    Credentials,

    /// <summary>Open the door once (<see cref="LockOutboxMessage.DurationSeconds"/>), before <see cref="LockOutboxMessage.ExpiresAt"/>.</summary>
    RemoteUnlock,
}

public enum LockOutboxOutcome
{
    /// <summary>The lock acknowledged it (or reported a version that includes it).</summary>
    Applied,

    /// <summary>The lock refused it, or it was dropped (lock decommissioned); see the reason.</summary>
    Failed,

    /// <summary>A remote unlock that could not be delivered before it expired.</summary>
    Expired,
}

/// <summary>
/// The transactional outbox: written in the same database transaction as the change it carries
/// (by <see cref="Fleet.LockFleet"/>), read by the dispatcher, completed when the lock answers.
/// Rows survive a crash, so nothing staged is lost; completed rows are pruned after a while.
/// </summary>
public sealed class LockOutboxMessage
{
    public const int MaxReasonLength = 200;
    public const int MaxTraceParentLength = 55;
    public const int MaxCommandIdLength = 64;

    internal LockOutboxMessage(Guid lockId, LockOutboxKind kind, DateTimeOffset createdAt, string? traceParent)
    {
        LockId = lockId;
        Kind = kind;
        CreatedAt = createdAt;
        TraceParent = traceParent;
    }

    private LockOutboxMessage()
    {
    }

    public long Id { get; private set; }

    public Guid LockId { get; private set; }

    public LockOutboxKind Kind { get; private set; }

    /// <summary>Credentials: the desired version that carries the change.</summary>
    public long? TargetVersion { get; internal set; }

    /// <summary>Remote unlock and lockdown: why (free text for the audit trail, no personal data).</summary>
    public string? Reason { get; internal set; }

    public int? DurationSeconds { get; internal set; }

    /// <summary>Who staged it (user id), for the audit trail.</summary>
    public Guid? ActorId { get; internal set; }

    /// <summary>W3C trace context of the request that staged it, carried on to the MQTT command.</summary>
    public string? TraceParent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Remote unlock: not sent after this instant.</summary>
    public DateTimeOffset? ExpiresAt { get; internal set; }

    /// <summary>Remote unlock: the id of the command that carries it, once sent.</summary>
    public string? CommandId { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public LockOutboxOutcome? Outcome { get; private set; }

    public string? FailureReason { get; private set; }
}
