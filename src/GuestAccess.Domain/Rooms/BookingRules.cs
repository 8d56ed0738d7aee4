using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Rooms;

/// <summary>Which opening hours a room can be booked in.</summary>
public enum BookableHours
{
    /// <summary>Any time the site is open: staffed, self-service or building-only.</summary>
    AnyOpening,

    /// <summary>Only when no staff are present (the rooms staff hand out themselves in the day).</summary>
    UnstaffedOnly,
}

/// <summary>Per-room booking rules. Defaults suit a library meeting room.</summary>
public sealed record BookingRules
{
    public static BookingRules Default { get; } = new();

    public TimeSpan MinDuration { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Bookings start and end on multiples of this in local time (e.g. :00, :15, :30, :45).</summary>
    public TimeSpan SlotGranularity { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before the start a booking must be made.</summary>
    public TimeSpan MinNotice { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How far ahead a booking may be made.</summary>
    public TimeSpan MaxHorizon { get; init; } = TimeSpan.FromDays(90);

    public BookableHours BookableHours { get; init; } = BookableHours.AnyOpening;

    /// <summary>Throws when the rules contradict each other.</summary>
    public BookingRules Validated()
    {
        if (SlotGranularity < TimeSpan.FromMinutes(5) || TimeSpan.FromDays(1).Ticks % SlotGranularity.Ticks != 0)
        {
            throw new DomainException("invalid_booking_rules", "The slot granularity must be at least 5 minutes and divide a day evenly.");
        }

        if (MinDuration < SlotGranularity || MaxDuration < MinDuration || MaxDuration > TimeSpan.FromDays(1))
        {
            throw new DomainException("invalid_booking_rules", "Durations must satisfy granularity <= minimum <= maximum <= 24 hours.");
        }

        if (MinNotice < TimeSpan.Zero || MaxHorizon <= MinNotice)
        {
            throw new DomainException("invalid_booking_rules", "The booking horizon must be longer than the minimum notice.");
        }

        return this;
    }
}
