using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.Server.Entries;
using GuestAccess.Server.Locks.Fleet;
using EntryTypes = GuestAccess.Domain.Entries;

namespace GuestAccess.Server.Locks.Inbound;

/// <summary>A lock event on the wire → the server's <see cref="LockEventData"/> for the entry log.</summary>
internal static class LockEventMapping
{
    public static LockEventData ToData(LockEvent e) => new(e.Sequence, e.At, Kind(e.Kind))
    {
        Door = e.Door,
        Outcome = e.Outcome is { } outcome ? Outcome(outcome) : null,
        Method = e.Method is { } method ? Method(method) : null,
        DenialReason = e.Reason is { } reason ? Reason(reason) : null,
        CredentialId = LockWireIds.TryParse(e.CredentialId, out var credential) ? credential : null,
        GrantId = LockWireIds.TryParse(e.GrantId, out var grant) ? grant : null,
        CommandId = e.CommandId,
        RejectReason = e.RejectReason is { } rejected ? WireNames.Of(rejected) : null,
        SkewSeconds = e.SkewSeconds,
        BatteryPercent = e.BatteryPercent,
        DroppedCount = e.DroppedCount,
    };

    private static EntryTypes.EntryOutcome Outcome(EntryOutcome outcome) => outcome switch
    {
        EntryOutcome.Granted => EntryTypes.EntryOutcome.Granted,
        EntryOutcome.Denied => EntryTypes.EntryOutcome.Denied,
    };

    private static EntryTypes.EntryMethod Method(EntryMethod method) => method switch
    {
        EntryMethod.Pin => EntryTypes.EntryMethod.Pin,
        EntryMethod.MobileKey => EntryTypes.EntryMethod.MobileKey,
        EntryMethod.RemoteUnlock => EntryTypes.EntryMethod.RemoteUnlock,
    };

    private static EntryTypes.LockEventKind Kind(EventKind kind) => kind switch
    {
        EventKind.EntryAttempt => EntryTypes.LockEventKind.EntryAttempt,
        EventKind.DoorForced => EntryTypes.LockEventKind.DoorForced,
        EventKind.DoorHeldOpen => EntryTypes.LockEventKind.DoorHeldOpen,
        EventKind.Tamper => EntryTypes.LockEventKind.Tamper,
        EventKind.BatteryLow => EntryTypes.LockEventKind.BatteryLow,
        EventKind.CommandRejected => EntryTypes.LockEventKind.CommandRejected,
        EventKind.ClockSkew => EntryTypes.LockEventKind.ClockSkew,
        EventKind.Rebooted => EntryTypes.LockEventKind.Rebooted,
        EventKind.EventsDropped => EntryTypes.LockEventKind.EventsDropped,
    };

    private static EntryTypes.DenialReason Reason(DenialReason reason) => reason switch
    {
        DenialReason.UnknownCredential => EntryTypes.DenialReason.UnknownCredential,
        DenialReason.InvalidCredential => EntryTypes.DenialReason.InvalidCredential,
        DenialReason.WrongDoor => EntryTypes.DenialReason.WrongDoor,
        DenialReason.NotYetValid => EntryTypes.DenialReason.NotYetValid,
        DenialReason.Expired => EntryTypes.DenialReason.Expired,
        DenialReason.Revoked => EntryTypes.DenialReason.Revoked,
        DenialReason.OutsideSchedule => EntryTypes.DenialReason.OutsideSchedule,
        DenialReason.WrongPin => EntryTypes.DenialReason.WrongPin,
        DenialReason.LockedOut => EntryTypes.DenialReason.LockedOut,
        DenialReason.Lockdown => EntryTypes.DenialReason.Lockdown,
    };
}
