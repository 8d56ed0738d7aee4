namespace GuestAccess.Domain.Grants;

/// <summary>Who holds a grant: a citizen user (from a booking) or a named guest (from a caretaker).</summary>
public enum HolderKind
{
    Citizen,
    Guest,
}

/// <summary>Why the grant exists.</summary>
public enum GrantOrigin
{
    /// <summary>Issued for a citizen's room booking.</summary>
    Booking,

    /// <summary>Issued by a caretaker or administrator, with a reason.</summary>
    Staff,
}

public enum GrantStatus
{
    Active,
    Revoked,
    Expired,
}

/// <summary>Where a grant stands at one door's lock.</summary>
public enum DoorDeliveryState
{
    /// <summary>Written to the outbox; the lock has not acknowledged it yet.</summary>
    Pending,

    /// <summary>The lock acknowledged the credential set containing this grant.</summary>
    Applied,

    /// <summary>Not acknowledged in time or refused by the lock; see the reason.</summary>
    Failed,

    /// <summary>Revoked or expired and the lock acknowledged the removal.</summary>
    Removed,
}
