namespace GuestAccess.Domain.Time;

/// <summary>
/// A window of wall-clock time starting on <see cref="Day"/>. When <see cref="End"/> is at or
/// before <see cref="Start"/> the window runs overnight into the next day (22:00–02:00), and an
/// end of 00:00 means midnight. A window is never empty and never longer than 24 hours.
/// </summary>
public readonly record struct TimeWindow
{
    public TimeWindow(DayOfWeek day, TimeOnly start, TimeOnly end)
    {
        if (start == end && end != TimeOnly.MinValue)
        {
            throw new ArgumentException($"A window must not be empty ({start:HH\\:mm}-{end:HH\\:mm}).", nameof(end));
        }

        if (!Enum.IsDefined(day))
        {
            throw new ArgumentOutOfRangeException(nameof(day));
        }

        Day = day;
        Start = start;
        End = end;
    }

    public DayOfWeek Day { get; }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    /// <summary>True when the window crosses midnight into the next day.</summary>
    public bool IsOvernight => End <= Start && End != TimeOnly.MinValue;

    /// <summary>Length in wall-clock time (real time differs on the days clocks change).</summary>
    public TimeSpan WallClockLength => End == TimeOnly.MinValue
        ? TimeSpan.FromDays(1) - Start.ToTimeSpan()
        : IsOvernight ? TimeSpan.FromDays(1) - Start.ToTimeSpan() + End.ToTimeSpan() : End - Start;

    /// <summary>Whether the wall-clock moment (day, time) falls inside this window.</summary>
    public bool Contains(DayOfWeek day, TimeOnly time)
    {
        if (day == Day && time >= Start && (IsOvernight || End == TimeOnly.MinValue || time < End))
        {
            return true;
        }

        return IsOvernight && day == Next(Day) && time < End;
    }

    public override string ToString() => $"{Day} {Start:HH\\:mm}-{End:HH\\:mm}";

    internal static DayOfWeek Next(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);
}
