using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// The part of a controller's non-volatile state that commands change: the applied credential
/// set with its version, the lockdown flag, and the counter state of the last accepted command
/// together with the reply sent for it (a QoS 1 redelivery gets exactly that reply again).
/// Immutable: every change is a new instance, persisted before the lock acts on it.
/// </summary>
internal sealed record DeviceCredentials
{
    public const int Format = 1;

    public int FormatVersion { get; init; } = Format;

    public long AppliedVersion { get; init; }

    public bool Lockdown { get; init; }

    public IReadOnlyList<PinCredential> Pins { get; init; } = [];

    public IReadOnlyList<RevocationEntry> Revocations { get; init; } = [];

    public long LastCounter { get; init; }

    public string? LastCommandId { get; init; }

    /// <summary>The reply (JSON) sent for the last accepted command.</summary>
    public string? LastReply { get; init; }

    public static DeviceCredentials Empty { get; } = new();

    public CommandCounterState Counter => new(LastCounter, LastCommandId);
}

/// <summary>
/// The part of the state that entries and events change: the sequence counter, the keypad
/// lockout and the buffer of events the server has not confirmed yet.
/// </summary>
internal sealed record DeviceJournal
{
    public const int Format = 1;

    public int FormatVersion { get; init; } = Format;

    /// <summary>The highest sequence number ever assigned (0 before the first event).</summary>
    public long LastSequence { get; init; }

    public IReadOnlyList<DateTimeOffset> KeypadFailures { get; init; } = [];

    public DateTimeOffset? KeypadLockedUntil { get; init; }

    /// <summary>Unconfirmed events, oldest first.</summary>
    public IReadOnlyList<LockEvent> Events { get; init; } = [];

    public static DeviceJournal Empty { get; } = new();

    public KeypadLockout Keypad => new(KeypadFailures, KeypadLockedUntil);

    public DeviceJournal WithKeypad(KeypadLockout keypad) =>
        this with { KeypadFailures = keypad.RecentFailures, KeypadLockedUntil = keypad.LockedUntil };
}
