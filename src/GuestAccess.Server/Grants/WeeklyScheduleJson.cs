using System.Globalization;
using System.Text.Json;
using GuestAccess.Domain.Time;

namespace GuestAccess.Server.Grants;

/// <summary>
/// The stored and wire form of a weekly schedule:
/// <c>[{"day":"tuesday","start":"18:00","end":"21:30"}]</c>.
/// </summary>
public static class WeeklyScheduleJson
{
    public static string Serialize(WeeklySchedule schedule) =>
        JsonSerializer.Serialize(schedule.Windows.Select(w => new WindowDto(
            w.Day.ToString().ToLowerInvariant(),
            w.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
            w.End.ToString("HH:mm", CultureInfo.InvariantCulture))));

    public static WeeklySchedule Deserialize(string json)
    {
        var windows = JsonSerializer.Deserialize<WindowDto[]>(json) ?? throw new JsonException("A schedule cannot be null.");
        return new WeeklySchedule(windows.Select(w => new TimeWindow(
            Enum.Parse<DayOfWeek>(w.Day, ignoreCase: true),
            TimeOnly.ParseExact(w.Start, "HH:mm", CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(w.End, "HH:mm", CultureInfo.InvariantCulture))));
    }

    private sealed record WindowDto(
        [property: System.Text.Json.Serialization.JsonPropertyName("day")] string Day,
        [property: System.Text.Json.Serialization.JsonPropertyName("start")] string Start,
        [property: System.Text.Json.Serialization.JsonPropertyName("end")] string End);
}
