using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>A day of the week as written in schedules (<c>"mon"</c> … <c>"sun"</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<Weekday>))]
public enum Weekday
{
    [JsonStringEnumMemberName("mon")] Monday,
    [JsonStringEnumMemberName("tue")] Tuesday,
    [JsonStringEnumMemberName("wed")] Wednesday,
    [JsonStringEnumMemberName("thu")] Thursday,
    [JsonStringEnumMemberName("fri")] Friday,
    [JsonStringEnumMemberName("sat")] Saturday,
    [JsonStringEnumMemberName("sun")] Sunday,
}

public static class WeekdayExtensions
{
    public static Weekday ToWeekday(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => Weekday.Monday,
        DayOfWeek.Tuesday => Weekday.Tuesday,
        DayOfWeek.Wednesday => Weekday.Wednesday,
        DayOfWeek.Thursday => Weekday.Thursday,
        DayOfWeek.Friday => Weekday.Friday,
        DayOfWeek.Saturday => Weekday.Saturday,
        DayOfWeek.Sunday => Weekday.Sunday,
        _ => throw new ArgumentOutOfRangeException(nameof(day)),
    };

    /// <summary>The day before (the start day of an overnight window that is still running).</summary>
    public static Weekday Previous(this Weekday day) => day == Weekday.Monday ? Weekday.Sunday : day - 1;
}
