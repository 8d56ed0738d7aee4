using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// One or more events of one lock, on its <c>events</c> topic, in strictly increasing sequence
/// order (not necessarily contiguous: a replay after a partial confirmation may skip some).
/// </summary>
public sealed record EventBatch : LockMessage
{
    public const string TypeName = "event_batch";
    public const int MaxEvents = 500;

    [JsonPropertyOrder(-50)]
    public required LockId Lock { get; init; }

    public required IReadOnlyList<LockEvent> Events { get; init; }

    private protected override string MessageType => TypeName;

    internal override void Validate()
    {
        ProtocolViolation.Unless(Events.Count is >= 1 and <= MaxEvents, $"events must hold 1-{MaxEvents} events");
        for (var i = 0; i < Events.Count; i++)
        {
            Events[i].Validate($"events[{i}]");
            ProtocolViolation.Unless(i == 0 || Events[i].Sequence > Events[i - 1].Sequence, $"events[{i}].seq must be above the one before");
        }
    }
}
