using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>
/// A local wall-clock time of day with minute resolution, <c>"HH:mm"</c> on the wire, from
/// <c>00:00</c> to <c>24:00</c> (the latter only as the end of a window).
/// </summary>
[JsonConverter(typeof(ClockTimeJsonConverter))]
public readonly record struct ClockTime : IComparable<ClockTime>
{
    public const int MinutesPerDay = 24 * 60;

    public ClockTime(int hour, int minute)
    {
        if (hour is < 0 or > 24 || minute is < 0 or > 59 || (hour == 24 && minute != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(hour), "A clock time is 00:00 to 24:00.");
        }

        MinuteOfDay = (hour * 60) + minute;
    }

    /// <summary>Minutes since local midnight, 0–1440.</summary>
    public int MinuteOfDay { get; }

    public static ClockTime Midnight => default;

    public static ClockTime EndOfDay => new(24, 0);

    public static bool TryParse(ReadOnlySpan<char> text, out ClockTime time)
    {
        time = default;
        if (text.Length != 5 || text[2] != ':' || !IsDigits(text[..2]) || !IsDigits(text[3..]))
        {
            return false;
        }

        var hour = int.Parse(text[..2], NumberStyles.None, CultureInfo.InvariantCulture);
        var minute = int.Parse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture);
        if (hour > 24 || minute > 59 || (hour == 24 && minute != 0))
        {
            return false;
        }

        time = new ClockTime(hour, minute);
        return true;
    }

    public static ClockTime Parse(string text) =>
        TryParse(text, out var time) ? time : throw new FormatException("A clock time is \"HH:mm\", 00:00 to 24:00.");

    public static ClockTime FromTimeOfDay(TimeSpan timeOfDay) =>
        new((int)timeOfDay.TotalHours, timeOfDay.Minutes);

    public int CompareTo(ClockTime other) => MinuteOfDay.CompareTo(other.MinuteOfDay);

    public static bool operator <(ClockTime left, ClockTime right) => left.MinuteOfDay < right.MinuteOfDay;

    public static bool operator >(ClockTime left, ClockTime right) => left.MinuteOfDay > right.MinuteOfDay;

    public static bool operator <=(ClockTime left, ClockTime right) => left.MinuteOfDay <= right.MinuteOfDay;

    public static bool operator >=(ClockTime left, ClockTime right) => left.MinuteOfDay >= right.MinuteOfDay;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{MinuteOfDay / 60:00}:{MinuteOfDay % 60:00}");

    private static bool IsDigits(ReadOnlySpan<char> s) => char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]);
}

public sealed class ClockTimeJsonConverter : JsonConverter<ClockTime>
{
    public override ClockTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 5 && ClockTime.TryParse(reader.GetString(), out var time)
            ? time
            : throw new JsonException("a clock time is \"HH:mm\"");

    public override void Write(Utf8JsonWriter writer, ClockTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
