using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// The lock's state, published retained on its <c>status</c> topic: at connect, on change, on
/// <see cref="RequestStatus"/> and periodically. The last will (and a graceful goodbye) is
/// <see cref="Offline"/>, which carries no other fields: the server keeps the last known values.
/// </summary>
public sealed record LockStatus : LockMessage
{
    public const string TypeName = "status";

    [JsonPropertyOrder(-50)]
    public required LockId Lock { get; init; }

    [JsonPropertyOrder(-49)]
    public required LockState State { get; init; }

    /// <summary>Firmware name and version, e.g. <c>ga-sim/1.0.0</c>.</summary>
    public string? Firmware { get; init; }

    /// <summary>Protocol versions the lock speaks.</summary>
    public IReadOnlyList<int>? Protocols { get; init; }

    /// <summary>The credential-set version the lock has applied.</summary>
    public long? AppliedVersion { get; init; }

    /// <summary>Whether the lock is in site lockdown.</summary>
    public bool? Lockdown { get; init; }

    /// <summary>The lock's clock at publication (the server compares it with its own for skew).</summary>
    public DateTimeOffset? Clock { get; init; }

    /// <summary>The highest event sequence the lock has assigned (0 before the first event).</summary>
    public long? LastEventSeq { get; init; }

    /// <summary>Events in the lock's buffer not yet confirmed by the server.</summary>
    public long? PendingEvents { get; init; }

    /// <summary>Battery charge 0–100; absent on mains-powered locks.</summary>
    public int? BatteryPercent { get; init; }

    public long? UptimeSeconds { get; init; }

    private protected override string MessageType => TypeName;

    /// <summary>The last-will payload: <c>{"v":1,"type":"status","lock":"…","state":"offline"}</c>.</summary>
    public static LockStatus Offline(LockId lockId) => new() { Lock = lockId, State = LockState.Offline };

    internal override void Validate()
    {
        if (State == LockState.Offline)
        {
            return;
        }

        ProtocolViolation.Unless(Firmware is not null && WireText.IsFreeText(Firmware, 64), "an online status names its firmware (1-64 characters)");
        ProtocolViolation.Unless(Protocols is { Count: >= 1 and <= 16 } && Protocols.All(p => p >= 1), "an online status lists its protocol versions");
        ProtocolViolation.Unless(AppliedVersion >= 0 && LastEventSeq >= 0 && PendingEvents >= 0 && UptimeSeconds >= 0, "an online status has appliedVersion, lastEventSeq, pendingEvents and uptimeSeconds >= 0");
        ProtocolViolation.Unless(Lockdown.HasValue && Clock.HasValue, "an online status has lockdown and clock");
        ProtocolViolation.Unless(BatteryPercent is null or (>= 0 and <= 100), "batteryPercent must be 0-100");
    }
}
