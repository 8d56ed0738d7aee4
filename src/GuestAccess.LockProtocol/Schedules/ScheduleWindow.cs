using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>
/// One weekly opening window on the local wall clock: on each of <see cref="Days"/>, from
/// <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive). When <c>To</c> is not after
/// <c>From</c> the window runs overnight and ends at <c>To</c> on the next day
/// (<c>mon 22:00–02:00</c> covers Monday 22:00 to Tuesday 02:00).
/// </summary>
public sealed record ScheduleWindow
{
    public required IReadOnlyList<Weekday> Days { get; init; }

    public required ClockTime From { get; init; }

    public required ClockTime To { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOvernight => To <= From;

    /// <summary>Is the local wall-clock time (day of week, minute of day) inside this window?</summary>
    public bool Contains(Weekday day, ClockTime time)
    {
        if (!IsOvernight)
        {
            return Days.Contains(day) && time >= From && time < To;
        }

        return (Days.Contains(day) && time >= From) || (Days.Contains(day.Previous()) && time < To);
    }

    internal void Validate(string path)
    {
        ProtocolViolation.Unless(Days.Count is >= 1 and <= 7 && Days.Distinct().Count() == Days.Count, $"{path}.days must list 1-7 distinct days");
        ProtocolViolation.Unless(From != To, $"{path} must not start and end at the same time");
        ProtocolViolation.Unless(From < ClockTime.EndOfDay, $"{path}.from must be before 24:00");
    }
}
