using GuestAccess.Domain.Common;
using GuestAccess.Domain.Time;

namespace GuestAccess.Domain.Bookings;

public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>A citizen's booking of a room for an interval. Its key is an <see cref="Grants.AccessGrant"/>.</summary>
public sealed class Booking
{
    public const int MaxPurposeLength = 200;
    public const int MaxIdempotencyKeyLength = 100;

    public Booking(Guid id, Guid siteId, Guid roomId, Guid citizenId, TimeInterval interval, int attendees, DateTimeOffset createdAt)
    {
        if (interval.IsEmpty)
        {
            throw new DomainException("invalid_interval", "A booking must have a duration.");
        }

        if (attendees < 1)
        {
            throw new DomainException("invalid_attendees", "A booking needs at least one attendee.");
        }

        Id = id;
        SiteId = siteId;
        RoomId = roomId;
        CitizenId = citizenId;
        Start = interval.Start;
        End = interval.End;
        Attendees = attendees;
        CreatedAt = createdAt;
        Status = BookingStatus.Confirmed;
    }

    private Booking()
    {
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid RoomId { get; private set; }

    /// <summary>The user id of the citizen who booked (and holds the key).</summary>
    public Guid CitizenId { get; private set; }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public int Attendees { get; private set; }

    public BookingStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>The key issued for this booking.</summary>
    public Guid? GrantId { get; private set; }

    /// <summary>Client-chosen key that makes creation safe to retry.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>A digest of the creation request the key was first used with (a retry must match it).</summary>
    public string? IdempotencyFingerprint { get; private set; }

    public long Version { get; private set; }

    public TimeInterval Interval => new(Start, End);

    public void AttachGrant(Guid grantId) => GrantId = grantId;

    public void SetIdempotencyKey(string key, string fingerprint)
    {
        IdempotencyKey = key.Length is > 0 and <= MaxIdempotencyKeyLength ? key : throw new DomainException("invalid_idempotency_key", $"An idempotency key has 1-{MaxIdempotencyKeyLength} characters.");
        IdempotencyFingerprint = fingerprint;
    }

    /// <summary>Moves a confirmed booking to another interval (its key is replaced by the caller).</summary>
    public void Reschedule(TimeInterval interval, int attendees)
    {
        if (Status != BookingStatus.Confirmed)
        {
            throw new DomainException("booking_not_active", "Only a confirmed booking can be changed.");
        }

        if (interval.IsEmpty)
        {
            throw new DomainException("invalid_interval", "A booking must have a duration.");
        }

        if (attendees < 1)
        {
            throw new DomainException("invalid_attendees", "A booking needs at least one attendee.");
        }

        Start = interval.Start;
        End = interval.End;
        Attendees = attendees;
    }

    public void Cancel(DateTimeOffset at)
    {
        if (Status == BookingStatus.Cancelled)
        {
            throw new DomainException("booking_already_cancelled", "The booking is already cancelled.");
        }

        Status = BookingStatus.Cancelled;
        CancelledAt = at;
    }
}
