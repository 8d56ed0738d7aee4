using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.FirmwareSim.Control;

/// <summary>What GET /locks and GET /locks/{id} return.</summary>
internal sealed record LockView(
    string Lock,
    string Door,
    string DoorName,
    bool Connected,
    bool Offline,
    long AppliedVersion,
    bool Lockdown,
    int CredentialCount,
    int RevocationCount,
    long LastCounter,
    long LastEventSeq,
    int PendingEvents,
    bool KeypadLockedOut,
    DateTimeOffset Clock,
    double SkewSeconds,
    int? BatteryPercent,
    bool DoorReleased,
    long UptimeSeconds,
    long InjectedFaults,
    FaultView Faults)
{
    public static LockView From(LockSnapshot s) => new(
        s.Lock.Value, s.Door, s.DoorName, s.Connected, s.Offline, s.AppliedVersion, s.Lockdown, s.CredentialCount, s.RevocationCount,
        s.LastCounter, s.LastEventSequence, s.PendingEvents, s.KeypadLockedOut, s.Clock, s.Skew.TotalSeconds, s.BatteryPercent, s.DoorReleased,
        (long)s.Uptime.TotalSeconds, s.InjectedFaults, FaultView.From(s.Faults));
}

internal sealed record FaultView(double DropIn, double DupIn, string DelayIn, double DropOut, double DupOut, string DelayOut, double? DisconnectEverySeconds, double? RestartEverySeconds)
{
    public static FaultView From(FaultProfile f) => new(
        f.DropIncoming, f.DuplicateIncoming, f.DelayIncoming.ToString(), f.DropOutgoing, f.DuplicateOutgoing, f.DelayOutgoing.ToString(),
        f.DisconnectEvery?.TotalSeconds, f.RestartEvery?.TotalSeconds);
}

/// <summary>An entry decision: outcome, reason code and the event's sequence number.</summary>
internal sealed record EntryView(string Outcome, string Method, string? Reason, string? CredentialId, string? GrantId, long Seq, DateTimeOffset At)
{
    public static EntryView From(EntryResult r) => new(
        WireNames.Of(r.Outcome), WireNames.Of(r.Method), r.Reason is { } reason ? WireNames.Of(reason) : null, r.CredentialId, r.GrantId, r.Sequence, r.At);
}

internal sealed record EventView(long Seq, string Kind, DateTimeOffset At)
{
    public static EventView From(LockEvent e) => new(e.Sequence, WireNames.Of(e.Kind), e.At);
}

internal sealed record PinRequest(string? Pin);

internal sealed record MobileKeyRequest(string? Token);

internal sealed record BatteryRequest(int? Percent);

internal sealed record DurationRequest(string? Duration);

internal sealed record SkewRequest(string? Skew);
