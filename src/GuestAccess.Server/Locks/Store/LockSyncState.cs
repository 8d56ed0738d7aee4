namespace GuestAccess.Server.Locks.Store;

/// <summary>
/// The fleet's bookkeeping for one lock beyond <see cref="Domain.Locks.LockController"/>: the
/// desired lockdown flag, how far back deltas can be computed, and what the lock last reported
/// about itself. Written by the staging API (lockdown) and the dispatcher (reports).
/// </summary>
public sealed class LockSyncState
{
    public const int MaxReasonLength = 200;

    internal LockSyncState(Guid lockId) => LockId = lockId;

    private LockSyncState()
    {
    }

    public Guid LockId { get; private set; }

    /// <summary>Desired: the site is locked down, the lock must refuse everything.</summary>
    public bool Lockdown { get; private set; }

    public string? LockdownReason { get; private set; }

    /// <summary>
    /// Deltas can be computed from any applied version at or above this one; removed entries at
    /// or below it have been pruned, so a lock further behind gets a full sync.
    /// </summary>
    public long DeltaFloor { get; private set; }

    /// <summary>Whether the lock last said it is in lockdown (status or acknowledged command).</summary>
    public bool ReportedLockdown { get; private set; }

    /// <summary>The highest event sequence the lock said it has assigned (status <c>lastEventSeq</c>).</summary>
    public long? ReportedLastEventSeq { get; private set; }

    /// <summary>Events the lock said it still buffers unconfirmed (status <c>pendingEvents</c>).</summary>
    public long? ReportedPendingEvents { get; private set; }

    /// <summary>Every event up to this sequence is stored on the server and confirmed to the lock.</summary>
    public long ConfirmedUpTo { get; private set; }

    internal void SetLockdown(bool lockdown, string? reason)
    {
        Lockdown = lockdown;
        LockdownReason = lockdown ? reason : null;
    }
}
