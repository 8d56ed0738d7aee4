using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;

namespace GuestAccess.Domain.Bookings;

/// <summary>
/// The rules a citizen's booking must satisfy, and the key window a booking gets. Pure: the
/// caller supplies the clock, the booker's other bookings and the room's other bookings.
/// </summary>
public static class BookingPolicy
{
    public const string InvalidInterval = "invalid_interval";
    public const string InThePast = "in_the_past";
    public const string TooShortNotice = "too_short_notice";
    public const string TooFarAhead = "too_far_ahead";
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";
    public const string NotOnSlotBoundary = "not_on_slot_boundary";
    public const string OutsideOpeningHours = "outside_opening_hours";
    public const string OverCapacity = "over_capacity";
    public const string InvalidAttendees = "invalid_attendees";
    public const string AgeNotVerified = "age_not_verified";
    public const string UnderMinimumAge = "under_minimum_age";
    public const string TooManyActiveBookings = "too_many_active_bookings";
    public const string BookingConflict = "booking_conflict";

    /// <summary>Every rule the request breaks, most fundamental first; empty when it may be booked.</summary>
    public static IReadOnlyList<BookingViolation> Check(Site site, Room room, BookingRequest request)
    {
        var violations = new List<BookingViolation>();
        var interval = request.Interval;
        var rules = room.Rules;
        if (interval.Duration <= TimeSpan.Zero)
        {
            return [new(InvalidInterval, "The booking must end after it starts.")];
        }

        if (interval.Start < request.Now)
        {
            violations.Add(new(InThePast, "The booking starts in the past."));
        }
        else if (interval.Start - request.Now < rules.MinNotice)
        {
            violations.Add(new(TooShortNotice, $"Book at least {Minutes(rules.MinNotice)} minutes ahead."));
        }

        if (interval.Start - request.Now > rules.MaxHorizon)
        {
            violations.Add(new(TooFarAhead, $"Bookings open {rules.MaxHorizon.TotalDays:0} days ahead."));
        }

        if (interval.Duration < rules.MinDuration)
        {
            violations.Add(new(TooShort, $"A booking lasts at least {Minutes(rules.MinDuration)} minutes."));
        }

        if (interval.Duration > rules.MaxDuration)
        {
            violations.Add(new(TooLong, $"A booking lasts at most {Minutes(rules.MaxDuration)} minutes."));
        }

        if (!OnSlot(interval.Start, rules.SlotGranularity, site.TimeZone) || !OnSlot(interval.End, rules.SlotGranularity, site.TimeZone))
        {
            violations.Add(new(NotOnSlotBoundary, $"Bookings start and end on whole {Minutes(rules.SlotGranularity)}-minute slots."));
        }

        if (!IsBookableTime(site, rules.BookableHours, interval))
        {
            violations.Add(new(OutsideOpeningHours, rules.BookableHours == BookableHours.UnstaffedOnly
                ? "The room can only be booked in the library's unstaffed hours."
                : "The whole booking must lie within the site's opening hours."));
        }

        if (request.Attendees < 1)
        {
            violations.Add(new(InvalidAttendees, "At least one person attends."));
        }
        else if (request.Attendees > room.Capacity)
        {
            violations.Add(new(OverCapacity, $"The room holds at most {room.Capacity} people."));
        }

        if (site.MinimumAge > 0)
        {
            if (request.CitizenAge is not { } age)
            {
                violations.Add(new(AgeNotVerified, "Your age must be known to book here."));
            }
            else if (age < site.MinimumAge)
            {
                violations.Add(new(UnderMinimumAge, $"You must be at least {site.MinimumAge} to book here."));
            }
        }

        if (request.ActiveBookingsAtSite >= site.Policy.MaxActiveBookingsPerCitizen)
        {
            violations.Add(new(TooManyActiveBookings, $"You can hold at most {site.Policy.MaxActiveBookingsPerCitizen} bookings here at a time."));
        }

        if (request.OtherBookingsOfRoom.Any(other => other.Overlaps(interval)))
        {
            violations.Add(new(BookingConflict, "The room is already booked at that time."));
        }

        return violations;
    }

    /// <summary>
    /// When a booking's key works: from the start minus the site's grace to the end plus the
    /// grace, but never outside the open span that holds the booking (keys end before the
    /// building alarm arms).
    /// </summary>
    public static TimeInterval KeyWindow(Site site, TimeInterval booking)
    {
        var from = booking.Start - site.Policy.KeyGraceBefore;
        var until = booking.End + site.Policy.KeyGraceAfter;
        if (site.OpeningHours.OpenSpanAt(booking.Start, site.TimeZone) is { } span)
        {
            from = from < span.Start ? span.Start : from;
            until = until > span.End ? span.End : until;
        }

        return new TimeInterval(from, until < booking.End ? booking.End : until);
    }

    /// <summary>Whether the whole interval lies in hours the room can be booked.</summary>
    public static bool IsBookableTime(Site site, BookableHours bookable, TimeInterval interval)
    {
        var zone = site.TimeZone;
        var hours = site.OpeningHours;
        var first = ZonedTime.LocalDate(interval.Start, zone).AddDays(-1);
        var last = ZonedTime.LocalDate(interval.End, zone);
        var covered = interval.Start;
        for (var day = first; day <= last && covered < interval.End; day = day.AddDays(1))
        {
            foreach (var (period, open) in hours.IntervalsOn(day, zone))
            {
                var counts = bookable == BookableHours.AnyOpening || period.Kind is OpeningKind.SelfService or OpeningKind.BuildingOnly;
                if (counts && open.Start <= covered && open.End > covered)
                {
                    covered = open.End;
                }
            }
        }

        return covered >= interval.End;
    }

    private static bool OnSlot(DateTimeOffset instant, TimeSpan granularity, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.TimeOfDay.Ticks % granularity.Ticks == 0;
    }

    private static int Minutes(TimeSpan span) => (int)span.TotalMinutes;
}
