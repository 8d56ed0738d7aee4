namespace GuestAccess.Domain.Sites;

/// <summary>One stored weekly opening period of a site (persistence shape of <see cref="OpeningHours"/>).</summary>
public sealed class WeeklyOpeningPeriod
{
    public WeeklyOpeningPeriod(DayOfWeek day, TimeOnly start, TimeOnly end, OpeningKind kind)
    {
        Day = day;
        Start = start;
        End = end;
        Kind = kind;
    }

    public DayOfWeek Day { get; private set; }

    public TimeOnly Start { get; private set; }

    public TimeOnly End { get; private set; }

    public OpeningKind Kind { get; private set; }

    public OpeningPeriod Period => new(Start, End, Kind);
}

/// <summary>One stored exception date of a site, with its own periods (none: closed).</summary>
public sealed class OpeningExceptionDay
{
    private readonly List<ExceptionOpeningPeriod> _periods = [];

    public OpeningExceptionDay(DateOnly date, string name, IEnumerable<OpeningPeriod> periods)
    {
        Date = date;
        Name = name;
        _periods.AddRange(periods.Select(p => new ExceptionOpeningPeriod(p.Start, p.End, p.Kind)));
    }

    private OpeningExceptionDay()
    {
        Name = string.Empty;
    }

    public DateOnly Date { get; private set; }

    public string Name { get; private set; }

    public IReadOnlyList<ExceptionOpeningPeriod> Periods => _periods;
}

/// <summary>A period on an exception date.</summary>
public sealed class ExceptionOpeningPeriod(TimeOnly start, TimeOnly end, OpeningKind kind)
{
    public TimeOnly Start { get; private set; } = start;

    public TimeOnly End { get; private set; } = end;

    public OpeningKind Kind { get; private set; } = kind;

    public OpeningPeriod Period => new(Start, End, Kind);
}
