using GuestAccess.Domain.Sites;

namespace GuestAccess.Server.IntegrationTests.Bookings.Support;

/// <summary>Instants in Copenhagen, and future dates on which a library keeps its weekly hours.</summary>
public static class Slots
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).DateTime);

    /// <summary>A local wall-clock time that exists and is unambiguous, as an instant with its offset.</summary>
    public static DateTimeOffset At(DateOnly date, int hour, int minute = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour % 24, minute)).AddDays(hour / 24);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The <paramref name="n"/>th weekday (Monday–Friday, not a holiday or customary closing day) from <paramref name="daysAhead"/> days on.</summary>
    public static DateOnly Weekday(int n, int daysAhead = 2)
    {
        var date = Today.AddDays(daysAhead);
        for (var found = -1; ; date = date.AddDays(1))
        {
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date) && ++found == n)
            {
                return date;
            }
        }
    }

    /// <summary>The next date on or after <paramref name="from"/> that falls on <paramref name="day"/>.</summary>
    public static DateOnly Next(DayOfWeek day, DateOnly from)
    {
        while (from.DayOfWeek != day)
        {
            from = from.AddDays(1);
        }

        return from;
    }

    /// <summary>The next last Sunday of <paramref name="month"/> (March: clocks go forward; October: back) after tomorrow.</summary>
    public static DateOnly NextLastSundayOf(int month)
    {
        for (var year = Today.Year; ; year++)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            while (last.DayOfWeek != DayOfWeek.Sunday)
            {
                last = last.AddDays(-1);
            }

            if (last > Today.AddDays(1))
            {
                return last;
            }
        }
    }

    private static bool IsHoliday(DateOnly date) =>
        DanishHolidays.PublicHolidays(date.Year).Concat(DanishHolidays.CustomaryClosingDays(date.Year)).Any(h => h.Date == date);
}
