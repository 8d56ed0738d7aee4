namespace GuestAccess.Domain.Time;

/// <summary>
/// A weekly pattern of access windows in the site's local time, for example an association's
/// Tuesday 18:00–21:30 slot or a cleaning crew's nightly 22:00–02:00. Several windows per day
/// are allowed; overnight windows belong to the day they start on.
/// </summary>
/// <remarks>
/// Evaluation is wall-clock based: an instant is converted to local time in the site's zone and
/// compared with the windows. On the day clocks go forward (last Sunday of March in
/// Europe/Copenhagen, 02:00 → 03:00) a window covering 02:00–03:00 therefore has no instants;
/// on the day they go back (last Sunday of October, 03:00 → 02:00) a window covering
/// 02:00–03:00 is open during both occurrences of that hour.
/// </remarks>
public sealed class WeeklySchedule
{
    public const int MaxWindows = 64;

    public WeeklySchedule(IEnumerable<TimeWindow> windows)
    {
        Windows = windows.OrderBy(w => w.Day).ThenBy(w => w.Start).ToArray();
        if (Windows.Count == 0)
        {
            throw new ArgumentException("A weekly schedule needs at least one window.", nameof(windows));
        }

        if (Windows.Count > MaxWindows)
        {
            throw new ArgumentException($"A weekly schedule has at most {MaxWindows} windows.", nameof(windows));
        }
    }

    public IReadOnlyList<TimeWindow> Windows { get; }

    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        foreach (var window in Windows)
        {
            if (window.Contains(local.DayOfWeek, time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The real-time intervals (UTC) during which the schedule is open inside [from, to), in order of the windows'
    /// starts. They hold exactly the instants <see cref="Contains"/> accepts: a window spanning the spring-forward
    /// gap is an hour shorter, one spanning the whole repeated autumn hour an hour longer, and one that starts
    /// before the repeated hour and ends inside it (Sunday 01:45–02:30) yields two intervals, because the local
    /// clock leaves the window at 02:30 summer time and enters it again at 02:00 winter time.
    /// </summary>
    public IEnumerable<TimeInterval> Occurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var range = new TimeInterval(from, to);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var window in Windows)
            {
                if (window.Day != day.DayOfWeek)
                {
                    continue;
                }

                var endDay = window.IsOvernight || window.End == TimeOnly.MinValue ? day.AddDays(1) : day;
                foreach (var interval in WallClockIntervals(day.ToDateTime(window.Start), endDay.ToDateTime(window.End), zone))
                {
                    if (interval.Intersect(range) is { IsEmpty: false } clipped)
                    {
                        yield return clipped;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The instants whose local time in <paramref name="zone"/> lies in [localStart, localEnd), as at most a few
    /// intervals. The real-time range that can hold them is cut where the zone's offset changes; inside each
    /// piece local time is real time plus a constant offset. Assumes at most one offset change per three days,
    /// which holds for every real zone.
    /// </summary>
    private static List<TimeInterval> WallClockIntervals(DateTime localStart, DateTime localEnd, TimeZoneInfo zone)
    {
        var maxOffset = TimeSpan.FromHours(14);
        var pieceStart = new DateTimeOffset(localStart.Ticks, TimeSpan.Zero) - maxOffset;
        var rangeEnd = new DateTimeOffset(localEnd.Ticks, TimeSpan.Zero) + maxOffset;
        var result = new List<TimeInterval>(2);
        while (pieceStart < rangeEnd)
        {
            var offset = zone.GetUtcOffset(pieceStart);
            var pieceEnd = zone.GetUtcOffset(rangeEnd.AddTicks(-1)) == offset ? rangeEnd : NextOffsetChange(pieceStart, rangeEnd, offset, zone);
            var start = Max(pieceStart.Ticks + offset.Ticks, localStart.Ticks);
            var end = Min(pieceEnd.Ticks + offset.Ticks, localEnd.Ticks);
            if (start < end)
            {
                var interval = new TimeInterval(
                    new DateTimeOffset(start - offset.Ticks, TimeSpan.Zero),
                    new DateTimeOffset(end - offset.Ticks, TimeSpan.Zero));
                if (result.Count > 0 && result[^1].End == interval.Start)
                {
                    result[^1] = new TimeInterval(result[^1].Start, interval.End);
                }
                else
                {
                    result.Add(interval);
                }
            }

            pieceStart = pieceEnd;
        }

        return result;
    }

    /// <summary>The first instant after <paramref name="start"/> whose offset is not <paramref name="offset"/>.</summary>
    private static DateTimeOffset NextOffsetChange(DateTimeOffset start, DateTimeOffset end, TimeSpan offset, TimeZoneInfo zone)
    {
        var low = start.UtcTicks; // offset here is `offset`
        var high = end.UtcTicks - 1; // offset here differs
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == offset)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }

    private static long Max(long a, long b) => a > b ? a : b;

    private static long Min(long a, long b) => a < b ? a : b;
}
