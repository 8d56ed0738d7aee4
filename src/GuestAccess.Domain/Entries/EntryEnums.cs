namespace GuestAccess.Domain.Entries;

/// <summary>What a lock reported.</summary>
public enum LockEventKind
{
    /// <summary>Someone presented a credential; see the outcome.</summary>
    EntryAttempt,
    DoorForced,
    DoorHeldOpen,
    Tamper,
    BatteryLow,

    /// <summary>The lock refused a command (bad signature, replayed counter, …).</summary>
    CommandRejected,
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
}

/// <summary>How an entry was attempted.</summary>
public enum EntryMethod
{
    Pin,
    MobileKey,
    RemoteUnlock,
}
