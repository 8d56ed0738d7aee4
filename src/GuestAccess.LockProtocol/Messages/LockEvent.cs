using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// One thing that happened at a lock, numbered by the lock: <see cref="Sequence"/> starts at 1 and
/// grows by exactly 1 per event, across reboots, for the lifetime of the controller. Kept in the
/// lock's buffer until the server confirms it with <see cref="ConfirmEvents"/>.
/// </summary>
public sealed record LockEvent
{
    [JsonPropertyName("seq")]
    public required long Sequence { get; init; }

    /// <summary>The lock's own clock when it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The door id the controller was provisioned with.</summary>
    public required string Door { get; init; }

    public required EventKind Kind { get; init; }

    /// <summary>entry_attempt only.</summary>
    public EntryOutcome? Outcome { get; init; }

    /// <summary>entry_attempt only.</summary>
    public EntryMethod? Method { get; init; }

    /// <summary>Denied entry attempts only.</summary>
    public DenialReason? Reason { get; init; }

    /// <summary>The credential, when the lock could tell which one (never for wrong_pin).</summary>
    public string? CredentialId { get; init; }

    public string? GrantId { get; init; }

    /// <summary>remote_unlock entries and command_rejected events: the command concerned.</summary>
    public string? CommandId { get; init; }

    /// <summary>command_rejected only.</summary>
    public CommandRejectReason? RejectReason { get; init; }

    /// <summary>clock_skew only: command issuedAt minus lock clock, in seconds.</summary>
    public long? SkewSeconds { get; init; }

    /// <summary>battery_low only.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>events_dropped only.</summary>
    public long? DroppedCount { get; init; }

    internal void Validate(string path)
    {
        ProtocolViolation.Unless(Sequence >= 1, $"{path}.seq must be >= 1");
        WireText.RequireIdentifier(Door, $"{path}.door");
        ValidateOptionalIds(path);
        var isEntry = Kind == EventKind.EntryAttempt;
        ProtocolViolation.Unless(isEntry == Outcome.HasValue && isEntry == Method.HasValue, $"{path}: outcome and method are required for entry_attempt and only there");
        ProtocolViolation.Unless((Outcome == EntryOutcome.Denied) == Reason.HasValue, $"{path}: reason is required for a denied entry and only there");
        ProtocolViolation.Unless(Method != EntryMethod.RemoteUnlock || CommandId is not null, $"{path}: a remote_unlock entry names its commandId");
        ProtocolViolation.Unless((Kind == EventKind.CommandRejected) == RejectReason.HasValue, $"{path}: rejectReason is required for command_rejected and only there");
        ProtocolViolation.Unless((Kind == EventKind.ClockSkew) == SkewSeconds.HasValue, $"{path}: skewSeconds is required for clock_skew and only there");
        ProtocolViolation.Unless(BatteryPercent is null or (>= 0 and <= 100), $"{path}.batteryPercent must be 0-100");
        ProtocolViolation.Unless((Kind == EventKind.BatteryLow) == BatteryPercent.HasValue, $"{path}: batteryPercent is required for battery_low and only there");
        ProtocolViolation.Unless((Kind == EventKind.EventsDropped) == DroppedCount is >= 1, $"{path}: droppedCount >= 1 is required for events_dropped and only there");
    }

    private void ValidateOptionalIds(string path)
    {
        if (CredentialId is not null)
        {
            WireText.RequireIdentifier(CredentialId, $"{path}.credentialId");
        }

        if (GrantId is not null)
        {
            WireText.RequireIdentifier(GrantId, $"{path}.grantId");
        }

        if (CommandId is not null)
        {
            WireText.RequireIdentifier(CommandId, $"{path}.commandId");
        }
    }
}
