using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>A lock → server reply to one command, on the lock's <c>replies</c> topic.</summary>
public abstract record LockReply : LockMessage
{
    [JsonPropertyOrder(-50)]
    public required LockId Lock { get; init; }

    /// <summary>The command replied to; null only when a rejected command's id could not be read.</summary>
    [JsonPropertyOrder(-49)]
    public string? CommandId { get; init; }

    /// <summary>The lock's clock when it replied.</summary>
    [JsonRequired]
    [JsonPropertyOrder(-48)]
    public DateTimeOffset At { get; init; }

    /// <summary>The credential-set version the lock has applied after handling the command.</summary>
    [JsonRequired]
    [JsonPropertyOrder(-47)]
    public long AppliedVersion { get; init; }

    internal override void Validate()
    {
        if (CommandId is not null || this is CommandAck)
        {
            WireText.RequireIdentifier(CommandId, "commandId");
        }

        ProtocolViolation.Unless(AppliedVersion >= 0, "appliedVersion must be >= 0");
    }
}

/// <summary>The command was verified and carried out (or had already been).</summary>
public sealed record CommandAck : LockReply
{
    public const string TypeName = "command_ack";

    private protected override string MessageType => TypeName;
}

/// <summary>The command was refused, with a stable reason code.</summary>
public sealed record CommandRejected : LockReply
{
    public const string TypeName = "command_rejected";

    public required CommandRejectReason Reason { get; init; }

    /// <summary>Optional human-readable detail (field names and rules, never secrets).</summary>
    public string? Detail { get; init; }

    private protected override string MessageType => TypeName;

    internal override void Validate()
    {
        base.Validate();
        if (Detail is not null)
        {
            WireText.RequireFreeText(Detail, "detail");
        }
    }
}
