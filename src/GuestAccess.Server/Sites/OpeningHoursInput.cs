using System.Globalization;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Sites;

/// <summary>
/// Body of <c>PUT /api/v1/admin/sites/{site}/opening-hours</c>: the same shape as the weekly,
/// exceptions and holiday closures of <c>GET /api/v1/sites/{site}/opening-hours</c>, so what is
/// read can be changed and written back. Times are "HH:mm" ("24:00" ends at midnight); periods
/// of one day may touch but never overlap; an exception without periods is a closed day.
/// </summary>
public sealed record OpeningHoursInput(
    IReadOnlyList<WeekdayHoursDto>? Weekly,
    IReadOnlyList<ExceptionDto>? Exceptions,
    IReadOnlyList<HolidayClosures>? HolidayClosures) : IValidatable
{
    public const int MaxPeriodsPerDay = 6;
    public const int MaxExceptions = 100;
    public const int MaxExceptionNameLength = 100;

    public IDictionary<string, string[]> Validate()
    {
        var errors = new ValidationErrors();
        TryBuild(errors, out _);
        return errors.ToDictionary();
    }

    /// <summary>The hours, or false with the field errors (field names as in the JSON body).</summary>
    public bool TryBuild(ValidationErrors errors, out OpeningHours hours)
    {
        hours = OpeningHours.Closed;
        var before = errors.ToDictionary().Count;
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>();
        foreach (var (day, i) in (Weekly ?? []).Select((d, i) => (d, i)))
        {
            var at = $"weekly[{i}]";
            if (day is null || !Enum.IsDefined(day.Day))
            {
                errors.Add(at, "Ukendt ugedag. / Unknown weekday.");
                continue;
            }

            if (weekly.ContainsKey(day.Day))
            {
                errors.Add(at, "Ugedagen står to gange. / The weekday is given twice.");
                continue;
            }

            weekly[day.Day] = Periods(day.Periods, at, errors);
        }

        var exceptions = new List<OpeningException>();
        var list = Exceptions ?? [];
        errors.When(list.Count > MaxExceptions, "exceptions", $"Højst {MaxExceptions} undtagelser. / At most {MaxExceptions} exceptions.");
        foreach (var (exception, i) in list.Take(MaxExceptions).Select((e, i) => (e, i)))
        {
            var at = $"exceptions[{i}]";
            if (exception is null || exception.Date.Year is < 2000 or > 2100)
            {
                errors.Add($"{at}.date", "Datoen skal ligge i årene 2000-2100. / The date must be in the years 2000-2100.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(exception.Name) || exception.Name.Trim().Length > MaxExceptionNameLength)
            {
                errors.Add($"{at}.name", $"Giv undtagelsen et navn på 1-{MaxExceptionNameLength} tegn. / Name the exception in 1-{MaxExceptionNameLength} characters.");
                continue;
            }

            if (exceptions.Any(e => e.Date == exception.Date))
            {
                errors.Add($"{at}.date", "Datoen har allerede en undtagelse. / The date already has an exception.");
                continue;
            }

            exceptions.Add(new OpeningException(exception.Date, exception.Name.Trim(), Periods(exception.Periods, at, errors)));
        }

        var closures = Domain.Sites.HolidayClosures.None;
        foreach (var closure in HolidayClosures ?? [])
        {
            if (closure is not (Domain.Sites.HolidayClosures.PublicHolidays or Domain.Sites.HolidayClosures.CustomaryClosingDays))
            {
                errors.Add("holidayClosures", "Brug publicHolidays og/eller customaryClosingDays. / Use publicHolidays and/or customaryClosingDays.");
                continue;
            }

            closures |= closure;
        }

        if (errors.ToDictionary().Count > before)
        {
            return false;
        }

        hours = new OpeningHours(weekly, exceptions, closures);
        return true;
    }

    private static OpeningPeriod[] Periods(IReadOnlyList<PeriodDto>? given, string at, ValidationErrors errors)
    {
        var periods = new List<OpeningPeriod>();
        var all = given ?? [];
        if (all.Count > MaxPeriodsPerDay)
        {
            errors.Add($"{at}.periods", $"Højst {MaxPeriodsPerDay} perioder pr. dag. / At most {MaxPeriodsPerDay} periods a day.");
            return [];
        }

        foreach (var (period, j) in all.Select((p, j) => (p, j)))
        {
            var where = $"{at}.periods[{j}]";
            if (period is null || !TryTime(period.Start, isEnd: false, out var start) || !TryTime(period.End, isEnd: true, out var end))
            {
                errors.Add(where, "Tider skrives TT:MM (00:00-24:00). / Times are written HH:mm (00:00-24:00).");
                continue;
            }

            if (!Enum.IsDefined(period.Kind))
            {
                errors.Add($"{where}.kind", "Ukendt åbningsform. / Unknown kind of opening.");
                continue;
            }

            if (end <= start && end != TimeOnly.MinValue)
            {
                errors.Add(where, "Perioden skal slutte efter den begynder. / The period must end after it starts.");
                continue;
            }

            periods.Add(new OpeningPeriod(start, end, period.Kind));
        }

        var sorted = periods.OrderBy(p => p.StartMinute).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].StartMinute < sorted[i - 1].EndMinute)
            {
                errors.Add($"{at}.periods", $"Perioderne {sorted[i - 1].ToString()[..11]} og {sorted[i].ToString()[..11]} overlapper. / The periods overlap.");
                return [];
            }
        }

        return sorted;
    }

    /// <summary>"HH:mm"; "24:00" only as an end (midnight).</summary>
    public static bool TryTime(string? text, bool isEnd, out TimeOnly time)
    {
        time = default;
        if (isEnd && text == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }

        return text is { Length: 5 } && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
