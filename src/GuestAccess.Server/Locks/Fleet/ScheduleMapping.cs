using System.Text.Encodings.Web;
using System.Text.Json;
using GuestAccess.LockProtocol.Schedules;
using DomainSchedule = GuestAccess.Domain.Time.WeeklySchedule;
using WireSchedule = GuestAccess.LockProtocol.Schedules.WeeklySchedule;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// A grant's weekly schedule (site local time) in the lock protocol's form: windows with equal
/// times merged into one window with several days, the IANA zone and its POSIX rule (derived as
/// of staging, so firmware without a zone database evaluates it). Stored as JSON with the entry.
/// </summary>
internal static class ScheduleMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static WireSchedule ToWire(DomainSchedule schedule, string timeZoneId, DateTimeOffset asOf)
    {
        var windows = schedule.Windows
            .GroupBy(w => (From: ClockTime.FromTimeOfDay(w.Start.ToTimeSpan()), To: w.End == TimeOnly.MinValue ? ClockTime.EndOfDay : ClockTime.FromTimeOfDay(w.End.ToTimeSpan())))
            .Select(g => new ScheduleWindow { Days = g.Select(w => w.Day.ToWeekday()).Distinct().Order().ToArray(), From = g.Key.From, To = g.Key.To })
            .ToArray();
        if (windows.Length > WireSchedule.MaxWindows)
        {
            throw new ArgumentException($"The schedule has {windows.Length} distinct time windows; locks take at most {WireSchedule.MaxWindows}.", nameof(schedule));
        }

        return WireSchedule.Create(timeZoneId, windows, asOf);
    }

    public static string Serialize(WireSchedule schedule) => JsonSerializer.Serialize(schedule, Json);

    public static WireSchedule Deserialize(string json) =>
        JsonSerializer.Deserialize<WireSchedule>(json, Json) ?? throw new JsonException("A stored schedule is empty.");
}
