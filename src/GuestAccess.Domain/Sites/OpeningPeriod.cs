namespace GuestAccess.Domain.Sites;

/// <summary>
/// A period of one day, in local wall-clock time. <see cref="End"/> = 00:00 means midnight.
/// Opening periods never cross midnight: a site open around the clock has one period per day.
/// </summary>
public readonly record struct OpeningPeriod
{
    public OpeningPeriod(TimeOnly start, TimeOnly end, OpeningKind kind)
    {
        if (end <= start && end != TimeOnly.MinValue)
        {
            throw new ArgumentException($"An opening period must end after it starts ({start:HH\\:mm}-{end:HH\\:mm}).", nameof(end));
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind));
        }

        Start = start;
        End = end;
        Kind = kind;
    }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    public OpeningKind Kind { get; }

    /// <summary>End as minutes since midnight (1440 for midnight), convenient for arithmetic.</summary>
    public int EndMinute => End == TimeOnly.MinValue ? 24 * 60 : (End.Hour * 60) + End.Minute;

    public int StartMinute => (Start.Hour * 60) + Start.Minute;

    public bool Contains(TimeOnly time) => time >= Start && (End == TimeOnly.MinValue || time < End);

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm} {Kind}";
}
