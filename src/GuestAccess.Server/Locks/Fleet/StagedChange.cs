namespace GuestAccess.Server.Locks.Fleet;

/// <summary>What a staging call did at one lock.</summary>
/// <param name="LockId">The lock controller.</param>
/// <param name="DoorId">Its door.</param>
/// <param name="DeviceId">The lock id on the wire.</param>
/// <param name="TargetVersion">The desired version that carries the change (null when nothing changed there).</param>
/// <param name="Undeliverable">Why the change cannot reach the lock now (<c>lock_not_provisioned</c>, <c>lock_decommissioned</c>, <c>site_lockdown</c>), or null.</param>
public sealed record StagedLock(Guid LockId, Guid DoorId, string DeviceId, long? TargetVersion, string? Undeliverable);

/// <summary>The result of a staging call: one entry per lock touched.</summary>
public sealed record StagedChange(IReadOnlyList<StagedLock> Locks)
{
    public static StagedChange None { get; } = new([]);
}

/// <summary>Stable per-door failure reasons (GrantDoor.FailureReason) set by the fleet.</summary>
public static class DeliveryFailure
{
    public const string NoLockController = "no_lock_controller";
    public const string LockNotProvisioned = "lock_not_provisioned";
    public const string LockDecommissioned = "lock_decommissioned";
    public const string SiteLockdown = "site_lockdown";
    public const string LockOffline = "lock_offline";
    public const string AckTimeout = "ack_timeout";

    /// <summary>The lock refused the command: <c>rejected_</c> + the reason code (e.g. <c>rejected_capacity_exceeded</c>).</summary>
    public static string Rejected(string reasonCode) => "rejected_" + reasonCode;
}
