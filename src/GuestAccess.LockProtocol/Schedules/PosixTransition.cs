namespace GuestAccess.LockProtocol.Schedules;

/// <summary>One DST transition of a POSIX rule: a date form plus a local time (may exceed 24 h).</summary>
internal sealed record PosixTransition(PosixDateKind Kind, int Month, int Week, int DayOrOrdinal, TimeSpan Time)
{
    /// <summary>The local date and time of the transition in <paramref name="year"/>.</summary>
    public DateTime LocalTime(int year)
    {
        DateTime date;
        switch (Kind)
        {
            case PosixDateKind.MonthWeekDay:
                var first = new DateTime(year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
                var offset = ((DayOrOrdinal - (int)first.DayOfWeek) + 7) % 7;
                date = first.AddDays(offset + ((Week - 1) * 7));
                while (date.Month != Month)
                {
                    date = date.AddDays(-7); // week 5 means "last"
                }

                break;
            case PosixDateKind.JulianNoLeap:
                // Jn: 1..365, February 29 is never counted.
                date = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(DayOrOrdinal - 1);
                if (DateTime.IsLeapYear(year) && DayOrOrdinal >= 60)
                {
                    date = date.AddDays(1);
                }

                break;
            case PosixDateKind.ZeroBasedDay:
                date = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(DayOrOrdinal);
                break;
            default:
                throw new InvalidOperationException("Unknown POSIX date form.");
        }

        return date + Time;
    }
}

internal enum PosixDateKind
{
    MonthWeekDay,
    JulianNoLeap,
    ZeroBasedDay,
}
