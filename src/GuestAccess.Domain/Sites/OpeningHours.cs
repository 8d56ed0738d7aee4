using GuestAccess.Domain.Time;

namespace GuestAccess.Domain.Sites;

/// <summary>
/// A site's weekly opening pattern plus dated exceptions, in the site's local time. Answers
/// the questions the product asks of time: is the site staffed or self-service at instant T,
/// which hours may be booked on a date, and when does the current open span end (when the
/// building alarm arms, so keys must end).
/// </summary>
public sealed class OpeningHours
{
    private readonly IReadOnlyList<OpeningPeriod>[] _weekly;
    private readonly Dictionary<DateOnly, OpeningException> _exceptions;

    public OpeningHours(
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> weekly,
        IEnumerable<OpeningException> exceptions,
        HolidayClosures holidayClosures = HolidayClosures.None)
    {
        HolidayClosures = holidayClosures;
        _weekly = new IReadOnlyList<OpeningPeriod>[7];
        for (var day = 0; day < 7; day++)
        {
            _weekly[day] = weekly.TryGetValue((DayOfWeek)day, out var periods) ? Validate(periods, ((DayOfWeek)day).ToString()) : [];
        }

        _exceptions = [];
        foreach (var exception in exceptions)
        {
            Validate(exception.Periods, exception.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (!_exceptions.TryAdd(exception.Date, exception))
            {
                throw new ArgumentException($"Two exceptions for {exception.Date:yyyy-MM-dd}.", nameof(exceptions));
            }
        }
    }

    public static OpeningHours Closed { get; } = new(new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>(), []);

    public HolidayClosures HolidayClosures { get; }

    public IReadOnlyList<OpeningPeriod> WeeklyPeriods(DayOfWeek day) => _weekly[(int)day];

    /// <summary>The explicit exceptions (holiday closures are computed, see <see cref="ExceptionOn"/>).</summary>
    public IEnumerable<OpeningException> Exceptions => _exceptions.Values.OrderBy(e => e.Date);

    /// <summary>
    /// The periods that apply on a local date: an explicit exception's, else a holiday closure
    /// (none), else the weekly pattern.
    /// </summary>
    public IReadOnlyList<OpeningPeriod> PeriodsOn(DateOnly date) => ExceptionOn(date)?.Periods ?? _weekly[(int)date.DayOfWeek];

    /// <summary>The exception for a date: an explicit one wins over a holiday closure.</summary>
    public OpeningException? ExceptionOn(DateOnly date)
    {
        if (_exceptions.TryGetValue(date, out var exception))
        {
            return exception;
        }

        var holiday = (HolidayClosures.HasFlag(HolidayClosures.PublicHolidays) ? DanishHolidays.PublicHolidays(date.Year) : [])
            .Concat(HolidayClosures.HasFlag(HolidayClosures.CustomaryClosingDays) ? DanishHolidays.CustomaryClosingDays(date.Year) : [])
            .FirstOrDefault(h => h.Date == date);
        return holiday.Name is null ? null : new OpeningException(date, holiday.Name, []);
    }

    /// <summary>Whether two sets of hours say the same thing (same pattern, exceptions and closures).</summary>
    public bool IsSameAs(OpeningHours other) =>
        HolidayClosures == other.HolidayClosures
        && Enum.GetValues<DayOfWeek>().All(d => WeeklyPeriods(d).SequenceEqual(other.WeeklyPeriods(d)))
        && _exceptions.Count == other._exceptions.Count
        && _exceptions.Values.All(e => other._exceptions.TryGetValue(e.Date, out var o) && o.Name == e.Name && o.Periods.SequenceEqual(e.Periods));

    /// <summary>The kind of opening at an instant, or null when the site is closed.</summary>
    public OpeningKind? KindAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        foreach (var period in PeriodsOn(DateOnly.FromDateTime(local.DateTime)))
        {
            if (period.Contains(time))
            {
                return period.Kind;
            }
        }

        return null;
    }

    /// <summary>Open without staff: self-service, or the building open while the library is closed.</summary>
    public bool IsUnstaffedAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        KindAt(instant, zone) is OpeningKind.SelfService or OpeningKind.BuildingOnly;

    public bool IsOpenAt(DateTimeOffset instant, TimeZoneInfo zone) => KindAt(instant, zone) is not null;

    /// <summary>The periods of a local date as real-time intervals.</summary>
    public IEnumerable<(OpeningPeriod Period, TimeInterval Interval)> IntervalsOn(DateOnly date, TimeZoneInfo zone)
    {
        foreach (var period in PeriodsOn(date))
        {
            var endDate = period.End == TimeOnly.MinValue ? date.AddDays(1) : date;
            var interval = new TimeInterval(ZonedTime.ResolveStart(date, period.Start, zone), ZonedTime.ResolveEnd(endDate, period.End, zone));
            if (!interval.IsEmpty)
            {
                yield return (period, interval);
            }
        }
    }

    /// <summary>
    /// The contiguous open span (touching periods of any kind merged, across midnight too) that
    /// contains the instant, or null when closed. Its end is when the building closes and the
    /// alarm arms, so no key may outlast it.
    /// </summary>
    public TimeInterval? OpenSpanAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        const int maxDays = 7;
        var date = ZonedTime.LocalDate(instant, zone);
        var intervals = new List<TimeInterval>();
        for (var day = date.AddDays(-maxDays); day <= date.AddDays(maxDays); day = day.AddDays(1))
        {
            intervals.AddRange(IntervalsOn(day, zone).Select(x => x.Interval));
        }

        var containing = intervals.FindIndex(i => i.Contains(instant));
        if (containing < 0)
        {
            return null;
        }

        var start = intervals[containing].Start;
        var end = intervals[containing].End;
        for (var i = containing - 1; i >= 0 && intervals[i].End == start; i--)
        {
            start = intervals[i].Start;
        }

        for (var i = containing + 1; i < intervals.Count && intervals[i].Start == end; i++)
        {
            end = intervals[i].End;
        }

        return new TimeInterval(start, end);
    }

    private static IReadOnlyList<OpeningPeriod> Validate(IReadOnlyList<OpeningPeriod> periods, string where)
    {
        for (var i = 1; i < periods.Count; i++)
        {
            if (periods[i].StartMinute < periods[i - 1].EndMinute)
            {
                throw new ArgumentException($"Opening periods on {where} overlap or are out of order ({periods[i - 1]} and {periods[i]}).", nameof(periods));
            }
        }

        return periods;
    }
}
