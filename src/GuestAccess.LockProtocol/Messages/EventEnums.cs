using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Messages;

[JsonConverter(typeof(WireEnumConverter<EventKind>))]
public enum EventKind
{
    /// <summary>Someone presented a PIN or mobile key, or a remote unlock ran; see outcome.</summary>
    [JsonStringEnumMemberName("entry_attempt")] EntryAttempt,
    [JsonStringEnumMemberName("door_forced")] DoorForced,
    [JsonStringEnumMemberName("door_held_open")] DoorHeldOpen,
    [JsonStringEnumMemberName("tamper")] Tamper,
    [JsonStringEnumMemberName("battery_low")] BatteryLow,

    /// <summary>The lock refused a command (also replied on <c>replies</c>); kept in the audit trail.</summary>
    [JsonStringEnumMemberName("command_rejected")] CommandRejected,

    /// <summary>A verified command's issuedAt differed from the lock clock by more than the allowance.</summary>
    [JsonStringEnumMemberName("clock_skew")] ClockSkew,

    /// <summary>The controller (re)started.</summary>
    [JsonStringEnumMemberName("rebooted")] Rebooted,

    /// <summary>The event buffer overflowed and the lock had to drop events; <c>droppedCount</c> says how many.</summary>
    [JsonStringEnumMemberName("events_dropped")] EventsDropped,
}

[JsonConverter(typeof(WireEnumConverter<EntryOutcome>))]
public enum EntryOutcome
{
    [JsonStringEnumMemberName("granted")] Granted,
    [JsonStringEnumMemberName("denied")] Denied,
}

[JsonConverter(typeof(WireEnumConverter<EntryMethod>))]
public enum EntryMethod
{
    [JsonStringEnumMemberName("pin")] Pin,
    [JsonStringEnumMemberName("mobile_key")] MobileKey,
    [JsonStringEnumMemberName("remote_unlock")] RemoteUnlock,
}

/// <summary>Why an entry attempt was denied. The wire name is the stable reason code.</summary>
[JsonConverter(typeof(WireEnumConverter<DenialReason>))]
public enum DenialReason
{
    /// <summary>A mobile key signed with a key id the lock does not trust.</summary>
    [JsonStringEnumMemberName("unknown_credential")] UnknownCredential,

    /// <summary>A mobile key that is not a well-formed, correctly signed token.</summary>
    [JsonStringEnumMemberName("invalid_credential")] InvalidCredential,

    /// <summary>A valid mobile key that does not list this lock.</summary>
    [JsonStringEnumMemberName("wrong_door")] WrongDoor,
    [JsonStringEnumMemberName("not_yet_valid")] NotYetValid,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("revoked")] Revoked,
    [JsonStringEnumMemberName("outside_schedule")] OutsideSchedule,

    /// <summary>The typed PIN matches no stored credential.</summary>
    [JsonStringEnumMemberName("wrong_pin")] WrongPin,

    /// <summary>The keypad is locked after repeated wrong PINs.</summary>
    [JsonStringEnumMemberName("locked_out")] LockedOut,

    /// <summary>The lock is in site lockdown.</summary>
    [JsonStringEnumMemberName("lockdown")] Lockdown,
}

[JsonConverter(typeof(WireEnumConverter<LockState>))]
public enum LockState
{
    [JsonStringEnumMemberName("online")] Online,
    [JsonStringEnumMemberName("offline")] Offline,
}
