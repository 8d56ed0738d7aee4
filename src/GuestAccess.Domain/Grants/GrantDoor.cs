namespace GuestAccess.Domain.Grants;

/// <summary>One door of a grant, with its delivery state at that door's lock.</summary>
public sealed class GrantDoor
{
    public const int MaxReasonLength = 200;

    public GrantDoor(Guid grantId, Guid doorId)
    {
        GrantId = grantId;
        DoorId = doorId;
        State = DoorDeliveryState.Pending;
    }

    public Guid GrantId { get; private set; }

    public Guid DoorId { get; private set; }

    public DoorDeliveryState State { get; private set; }

    /// <summary>Why delivery failed (never contains secrets).</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The lock's desired credential-set version that carries this change.</summary>
    public long? TargetVersion { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public void MarkPending(long targetVersion, DateTimeOffset at)
    {
        State = DoorDeliveryState.Pending;
        TargetVersion = targetVersion;
        FailureReason = null;
        UpdatedAt = at;
    }

    public void MarkApplied(bool removal, DateTimeOffset at)
    {
        State = removal ? DoorDeliveryState.Removed : DoorDeliveryState.Applied;
        FailureReason = null;
        UpdatedAt = at;
    }

    public void MarkFailed(string reason, DateTimeOffset at)
    {
        State = DoorDeliveryState.Failed;
        FailureReason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
        UpdatedAt = at;
    }
}
