namespace GuestAccess.Domain.Sites;

/// <summary>
/// A date whose hours differ from the weekly pattern: a public holiday, a closed day, or special
/// hours. No periods means closed all day.
/// </summary>
public sealed record OpeningException(DateOnly Date, string Name, IReadOnlyList<OpeningPeriod> Periods)
{
    public bool IsClosed => Periods.Count == 0;
}
