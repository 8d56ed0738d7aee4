using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;

namespace GuestAccess.Server.Bookings;

/// <summary>One local date of a room's calendar: when it can be booked, and when it is taken.</summary>
/// <param name="Date">The local date in the site's time zone.</param>
/// <param name="Free">Bookable and not booked, trimmed to whole slots, notice and horizon; each at least the minimum duration.</param>
/// <param name="Busy">Booked by someone (who is never shown).</param>
public sealed record AvailabilityDay(DateOnly Date, IReadOnlyList<TimeInterval> Free, IReadOnlyList<TimeInterval> Busy);

/// <summary>
/// Free/busy computation for a room, pure: the bookable hours of each local date (opening
/// periods the room's rules allow, touching periods merged, across midnight too) minus confirmed
/// bookings, minus what is too soon (minimum notice) or too far ahead (horizon for the start).
/// Every free interval starts and ends on a slot boundary in local time and is long enough to book.
/// </summary>
public static class Availability
{
    public static IReadOnlyList<AvailabilityDay> Compute(Site site, Room room, DateOnly from, int days, IReadOnlyList<TimeInterval> bookings, DateTimeOffset now)
    {
        var zone = site.TimeZone;
        var rules = room.Rules;
        var earliest = now + rules.MinNotice;
        var latestStart = now + rules.MaxHorizon;
        var result = new List<AvailabilityDay>(days);
        for (var i = 0; i < days; i++)
        {
            var date = from.AddDays(i);
            var dayStart = ZonedTime.ResolveStart(date, TimeOnly.MinValue, zone);
            var dayEnd = ZonedTime.ResolveStart(date.AddDays(1), TimeOnly.MinValue, zone);
            var day = new TimeInterval(dayStart, dayEnd);
            var busy = bookings.Select(b => b.Intersect(day)).OfType<TimeInterval>().OrderBy(b => b.Start).ToList();
            var free = new List<TimeInterval>();
            foreach (var open in Bookable(site, rules.BookableHours, date))
            {
                foreach (var gap in Subtract(open, busy))
                {
                    var start = Max(gap.Start, earliest);
                    var end = gap.End;
                    start = AlignUp(start, rules.SlotGranularity, zone);
                    end = AlignDown(end, rules.SlotGranularity, zone);
                    if (start > latestStart)
                    {
                        continue;
                    }

                    if (end - start >= rules.MinDuration)
                    {
                        free.Add(new TimeInterval(start, end));
                    }
                }
            }

            result.Add(new AvailabilityDay(date, free, busy));
        }

        return result;
    }

    /// <summary>The bookable intervals of one local date, touching ones merged.</summary>
    public static IEnumerable<TimeInterval> Bookable(Site site, BookableHours bookable, DateOnly date)
    {
        TimeInterval? current = null;
        foreach (var (period, interval) in site.OpeningHours.IntervalsOn(date, site.TimeZone))
        {
            if (bookable == BookableHours.UnstaffedOnly && period.Kind == OpeningKind.Staffed)
            {
                continue;
            }

            if (current is { } c && c.End == interval.Start)
            {
                current = new TimeInterval(c.Start, interval.End);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = interval;
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    private static IEnumerable<TimeInterval> Subtract(TimeInterval open, IReadOnlyList<TimeInterval> busy)
    {
        var cursor = open.Start;
        foreach (var taken in busy.Where(b => b.Overlaps(open)))
        {
            if (taken.Start > cursor)
            {
                yield return new TimeInterval(cursor, taken.Start);
            }

            cursor = Max(cursor, taken.End);
        }

        if (cursor < open.End)
        {
            yield return new TimeInterval(cursor, open.End);
        }
    }

    private static DateTimeOffset AlignUp(DateTimeOffset instant, TimeSpan slot, TimeZoneInfo zone)
    {
        var remainder = Remainder(instant, slot, zone);
        return remainder == TimeSpan.Zero ? instant : instant + (slot - remainder);
    }

    private static DateTimeOffset AlignDown(DateTimeOffset instant, TimeSpan slot, TimeZoneInfo zone) => instant - Remainder(instant, slot, zone);

    private static TimeSpan Remainder(DateTimeOffset instant, TimeSpan slot, TimeZoneInfo zone) =>
        TimeSpan.FromTicks(TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay.Ticks % slot.Ticks);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
