using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>
/// A weekly schedule on the local wall clock of a time zone, given twice: as an IANA id
/// (<see cref="TimeZone"/>, for servers and people) and as a POSIX TZ rule (<see cref="Posix"/>,
/// which simple firmware evaluates without a time zone database). A credential with a schedule
/// opens only while the local time is inside one of the <see cref="Windows"/>.
/// DST: the local time of an instant decides. Wall-clock times skipped by a spring-forward jump
/// never occur (a window inside the gap is empty, one spanning it is an hour shorter); times
/// repeated by a fall-back occur twice and are open both times (such a window is an hour longer).
/// </summary>
public sealed record WeeklySchedule
{
    public const int MaxWindows = 28;

    /// <summary>IANA time zone id, e.g. <c>Europe/Copenhagen</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("tz")]
    public required string TimeZone { get; init; }

    /// <summary>POSIX TZ rule of the same zone, e.g. <c>CET-1CEST,M3.5.0,M10.5.0/3</c>.</summary>
    public required string Posix { get; init; }

    public required IReadOnlyList<ScheduleWindow> Windows { get; init; }

    /// <summary>
    /// Server side: a schedule in the IANA zone <paramref name="timeZoneId"/> with its POSIX rule
    /// derived by <see cref="PosixTimeZoneFormatter"/> as of <paramref name="asOf"/> (default now).
    /// </summary>
    public static WeeklySchedule Create(string timeZoneId, IReadOnlyList<ScheduleWindow> windows, DateTimeOffset? asOf = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var schedule = new WeeklySchedule { TimeZone = timeZoneId, Posix = PosixTimeZoneFormatter.Format(zone, asOf), Windows = windows };
        try
        {
            schedule.Validate("schedule");
        }
        catch (ProtocolViolation violation)
        {
            throw new ArgumentException(violation.Message, nameof(windows));
        }

        return schedule;
    }

    /// <summary>Is this local wall-clock time inside a window?</summary>
    public bool IsOpenAt(DateTime localTime)
    {
        var day = localTime.DayOfWeek.ToWeekday();
        var time = new ClockTime(localTime.Hour, localTime.Minute);
        foreach (var window in Windows)
        {
            if (window.Contains(day, time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Evaluates with the schedule's own POSIX rule, exactly as firmware does.</summary>
    public bool IsOpenAt(DateTimeOffset instant) => IsOpenAt(PosixTimeZone.Parse(Posix).ToLocal(instant));

    /// <summary>Evaluates with a time zone the caller resolved (e.g. from <see cref="TimeZone"/>).</summary>
    public bool IsOpenAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return IsOpenAt(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    internal void Validate(string path)
    {
        ProtocolViolation.Unless(IsTimeZoneId(TimeZone), $"{path}.tz must be an IANA time zone id");
        ProtocolViolation.Unless(PosixTimeZone.TryParse(Posix, out _), $"{path}.posix must be a POSIX TZ rule with explicit DST rules");
        ProtocolViolation.Unless(Windows.Count is >= 1 and <= MaxWindows, $"{path}.windows must hold 1-{MaxWindows} windows");
        for (var i = 0; i < Windows.Count; i++)
        {
            Windows[i].Validate($"{path}.windows[{i}]");
        }
    }

    private static bool IsTimeZoneId(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+');
}
