using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Signing;

public enum CommandVerificationStatus
{
    /// <summary>Verified and new: persist the counter state, carry it out, ack.</summary>
    Accepted,

    /// <summary>The very command accepted last (QoS 1 redelivery): do not act again, send the same ack.</summary>
    Duplicate,

    /// <summary>Refused: reply <see cref="CommandRejected"/> with <see cref="CommandVerification.Reason"/>.</summary>
    Rejected,
}

/// <summary>The verdict on one command token.</summary>
public sealed record CommandVerification
{
    public required CommandVerificationStatus Status { get; init; }

    /// <summary>The verified command (Accepted and Duplicate only).</summary>
    public LockCommand? Command { get; init; }

    /// <summary>Rejected only.</summary>
    public CommandRejectReason? Reason { get; init; }

    /// <summary>Why, in words (fields and rules, never secrets).</summary>
    public string? Detail { get; init; }

    /// <summary>The command id when it could be read, even from a command that failed verification (for correlation only).</summary>
    public string? CommandId { get; init; }

    /// <summary>issuedAt minus the lock clock, when the signature verified: large positive values mean the lock clock is behind.</summary>
    public TimeSpan? ClockSkew { get; init; }

    public bool IsAccepted => Status == CommandVerificationStatus.Accepted;

    /// <summary>The counter state to persist after acting on an accepted command.</summary>
    public CommandCounterState NextCounterState(CommandCounterState current) =>
        IsAccepted && Command is not null ? new CommandCounterState(Command.Counter, Command.CommandId) : current;

    /// <summary>The reply for a rejection.</summary>
    public CommandRejected ToRejectedReply(LockId lockId, DateTimeOffset at, long appliedVersion) =>
        new()
        {
            Lock = lockId,
            CommandId = CommandId,
            At = at,
            AppliedVersion = appliedVersion,
            Reason = Reason ?? throw new InvalidOperationException("Only a rejection has a rejected reply."),
            Detail = Detail,
        };
}
