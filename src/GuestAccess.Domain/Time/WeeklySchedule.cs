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
    /// The real-time intervals (UTC) during which the schedule is open inside [from, to), in order.
    /// Local boundaries are resolved with <see cref="ZonedTime"/>.
    /// </summary>
    public IEnumerable<TimeInterval> Occurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
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
                var interval = new TimeInterval(
                    ZonedTime.ResolveStart(day, window.Start, zone),
                    ZonedTime.ResolveEnd(endDay, window.End, zone));
                if (interval.Intersect(new TimeInterval(from, to)) is { } clipped)
                {
                    yield return clipped;
                }
            }
        }
    }
}
