namespace GuestAccess.Domain.Time;

/// <summary>A half-open interval [Start, End) of real time.</summary>
public readonly record struct TimeInterval
{
    public TimeInterval(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentException($"The interval ends ({end:O}) before it starts ({start:O}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration => End - Start;

    public bool IsEmpty => End == Start;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>Whether <paramref name="other"/> lies completely inside this interval.</summary>
    public bool Covers(TimeInterval other) => other.Start >= Start && other.End <= End;

    public bool Overlaps(TimeInterval other) => Start < other.End && other.Start < End;

    public TimeInterval? Intersect(TimeInterval other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return start < end ? new TimeInterval(start, end) : null;
    }

    public override string ToString() => $"[{Start:O}, {End:O})";
}
