namespace GuestAccess.Domain.Entries;

/// <summary>What a lock reported.</summary>
public enum LockEventKind
{
    /// <summary>Someone presented a credential (or a remote unlock ran); see the outcome.</summary>
    EntryAttempt,
    DoorForced,
    DoorHeldOpen,
    Tamper,
    BatteryLow,

    /// <summary>The lock refused a command (bad signature, replayed counter, …).</summary>
    CommandRejected,

    /// <summary>A verified command's time differed from the lock clock by more than allowed.</summary>
    ClockSkew,

    /// <summary>The controller (re)started.</summary>
    Rebooted,

    /// <summary>The lock's event buffer overflowed and it dropped its oldest events.</summary>
    EventsDropped,
}

public enum EntryOutcome
{
    Granted,
    Denied,
}

/// <summary>Why a lock refused entry.</summary>
public enum DenialReason
{
    UnknownCredential,
    NotYetValid,
    Expired,
    Revoked,
    OutsideSchedule,
    WrongPin,
    LockedOut,

    /// <summary>The site is in lockdown (emergency revoke).</summary>
    Lockdown,

    /// <summary>A mobile key that is not a well-formed, correctly signed token.</summary>
    InvalidCredential,

    /// <summary>A valid mobile key that does not list this lock.</summary>
    WrongDoor,
}

/// <summary>How an entry was attempted.</summary>
public enum EntryMethod
{
    Pin,
    MobileKey,
    RemoteUnlock,
}
