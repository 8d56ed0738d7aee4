using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>A consistent view of one simulated lock at one moment (for tests, the control surface and scenarios).</summary>
public sealed record LockSnapshot
{
    public required LockId Lock { get; init; }

    public required string Door { get; init; }

    public required string DoorName { get; init; }

    /// <summary>Connected, subscribed and announced online.</summary>
    public required bool Connected { get; init; }

    /// <summary>Kept offline on purpose.</summary>
    public required bool Offline { get; init; }

    public required long AppliedVersion { get; init; }

    public required bool Lockdown { get; init; }

    public required int CredentialCount { get; init; }

    public required int RevocationCount { get; init; }

    /// <summary>The counter of the last accepted command.</summary>
    public required long LastCounter { get; init; }

    public required long LastEventSequence { get; init; }

    /// <summary>Events buffered until the server confirms them.</summary>
    public required int PendingEvents { get; init; }

    public required bool KeypadLockedOut { get; init; }

    /// <summary>The lock's own clock.</summary>
    public required DateTimeOffset Clock { get; init; }

    public required TimeSpan Skew { get; init; }

    public required int? BatteryPercent { get; init; }

    /// <summary>A remote unlock holds the door released right now.</summary>
    public required bool DoorReleased { get; init; }

    public required TimeSpan Uptime { get; init; }

    public required FaultProfile Faults { get; init; }

    /// <summary>How many faults were injected into this lock's traffic so far (drops, duplicates, delays).</summary>
    public required long InjectedFaults { get; init; }

    public override string ToString() =>
        $"{Lock}: connected={Connected} offline={Offline} version={AppliedVersion} lockdown={Lockdown} credentials={CredentialCount} lastSeq={LastEventSequence} pending={PendingEvents} lockedOut={KeypadLockedOut} skew={Skew}";
}
