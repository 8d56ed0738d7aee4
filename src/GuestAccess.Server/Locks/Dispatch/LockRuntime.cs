using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>A credentials command sent and not yet answered; <see cref="Signed"/> once it has been signed on its way out.</summary>
internal sealed class InflightCommand(LockProtocol.Messages.LockCommand command, long targetVersion, DateTimeOffset sentAt)
{
    public LockProtocol.Messages.LockCommand Command => command;

    public long TargetVersion => targetVersion;

    public DateTimeOffset SentAt => sentAt;

    public SignedCommand? Signed { get; set; }

    public string CommandId => command.CommandId;
}

/// <summary>A remote unlock waiting to be delivered or answered.</summary>
internal sealed class PendingUnlock(long outboxId, string reason, int durationSeconds, DateTimeOffset expiresAt, string? traceParent)
{
    public long OutboxId => outboxId;

    public string Reason => reason;

    public int DurationSeconds => durationSeconds;

    public DateTimeOffset ExpiresAt => expiresAt;

    public string? TraceParent => traceParent;

    /// <summary>The command, from its first send on; <see cref="Signed"/> once it has been signed on its way out (re-sent as it is).</summary>
    public LockProtocol.Messages.RemoteUnlock? Command { get; set; }

    public SignedCommand? Signed { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }
}

/// <summary>
/// What the dispatcher knows about one lock between database round trips. Owned by the
/// dispatcher loop alone (no locking): every change arrives as a <see cref="FleetInput"/>.
/// </summary>
internal sealed class LockRuntime(Guid id, LockId lockId, Guid doorId)
{
    public Guid Id => id;

    public LockId LockId => lockId;

    public Guid DoorId => doorId;

    public LockLifecycle Lifecycle { get; set; }

    /// <summary>This instance drives the lock (it holds the lock's partition, Locks/Ownership).</summary>
    public bool Owned { get; set; }

    public LockConnectivity Connectivity { get; set; }

    /// <summary>The version the lock last reported (status or reply).</summary>
    public long Applied { get; set; }

    public bool ReportedLockdown { get; set; }

    /// <summary>The reported lockdown flag as last written to the database.</summary>
    public bool PersistedLockdown { get; set; }

    /// <summary>The next credentials command must be a full sync (after version_gap).</summary>
    public bool ForceFull { get; set; }

    public InflightCommand? Inflight { get; set; }

    /// <summary>The last credentials command sent; re-sent as is when the same plan comes up again before it expires.</summary>
    public InflightCommand? LastSent { get; set; }

    /// <summary>Consecutive failed attempts (timeouts, retryable rejections); reset by an ack or the lock coming online.</summary>
    public int Attempts { get; set; }

    /// <summary>Do not send before this (back-off after a timeout).</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>The lock refused for a reason a retry cannot fix; wait for a new change or a reconnect.</summary>
    public bool Parked { get; set; }

    /// <summary>When pending changes that have not reached the lock are marked failed at their doors.</summary>
    public DateTimeOffset? DeliveryDeadline { get; set; }

    /// <summary>Since when the lock has committed changes it has not acknowledged (the outbox lag); null when none.</summary>
    public DateTimeOffset? PendingSince { get; set; }

    public Dictionary<long, PendingUnlock> Unlocks { get; } = [];

    /// <summary>Committed changes that can be sent without reading them back, by the version they start from (Locks/Fleet/DirectDelta).</summary>
    public Dictionary<long, Fleet.DirectDelta> Deltas { get; } = [];

    /// <summary>Keeps <paramref name="delta"/> until the lock holds its start version (a few per lock at most: more are planned from the database).</summary>
    public void Remember(Fleet.DirectDelta delta)
    {
        if (delta.FromVersion < Applied)
        {
            return;
        }

        if (Deltas.Count >= MaxDeltas)
        {
            Deltas.Clear();
        }

        Deltas[delta.FromVersion] = delta;
    }

    /// <summary>The delta from the version the lock holds, if one was handed over; deltas it has passed are dropped.</summary>
    public Fleet.DirectDelta? DeltaFromApplied()
    {
        if (Deltas.Count == 0)
        {
            return null;
        }

        foreach (var from in Deltas.Keys.Where(v => v < Applied).ToList())
        {
            Deltas.Remove(from);
        }

        return Deltas.GetValueOrDefault(Applied);
    }

    private const int MaxDeltas = 16;

    public bool IsReachable => Lifecycle == LockLifecycle.Provisioned && Connectivity == LockConnectivity.Online;
}
