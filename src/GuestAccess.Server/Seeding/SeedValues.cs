using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.Server.Seeding;

/// <summary>A set of weekdays written as "mon-fri", "sat", "mon,wed,fri" or "daily".</summary>
[JsonConverter(typeof(DaySetConverter))]
public sealed record DaySet(IReadOnlyList<DayOfWeek> Days)
{
    private static readonly string[] Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static DaySet Parse(string text)
    {
        if (text == "daily")
        {
            return new DaySet(Enum.GetValues<DayOfWeek>());
        }

        var days = new List<DayOfWeek>();
        foreach (var part in text.Split(','))
        {
            var range = part.Trim().Split('-');
            if (range.Length is < 1 or > 2)
            {
                throw new FormatException($"'{part}' is not a day or a day range.");
            }

            // Ranges run Monday-first, the way Danes write them: "mon-sun", "sat-sun".
            var from = MondayIndex(range[0]);
            var to = MondayIndex(range[^1]);
            if (to < from)
            {
                throw new FormatException($"'{part}' runs backwards; write days Monday first.");
            }

            for (var i = from; i <= to; i++)
            {
                days.Add((DayOfWeek)((i + 1) % 7));
            }
        }

        return new DaySet(days.Distinct().ToArray());
    }

    private static int MondayIndex(string name)
    {
        var index = Array.IndexOf(Names, name.Trim());
        return index < 0
            ? throw new FormatException($"'{name}' is not a day; use mon, tue, wed, thu, fri, sat, sun or daily.")
            : (index + 6) % 7;
    }
}

/// <summary>One or more "HH:mm-HH:mm" ranges; "24:00" may end a range.</summary>
[JsonConverter(typeof(TimeRangesConverter))]
public sealed record TimeRanges(IReadOnlyList<(TimeOnly Start, TimeOnly End)> Ranges)
{
    public static (TimeOnly Start, TimeOnly End) ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2)
        {
            throw new FormatException($"'{text}' is not a time range like 08:00-22:00.");
        }

        var start = ParseTime(parts[0]);
        var end = parts[1].Trim() == "24:00" ? TimeOnly.MinValue : ParseTime(parts[1]);
        if (end <= start && end != TimeOnly.MinValue)
        {
            throw new FormatException($"'{text}' ends before it starts; opening hours do not cross midnight.");
        }

        return (start, end);
    }

    private static TimeOnly ParseTime(string text) =>
        TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"'{text.Trim()}' is not a time like 08:00.");
}

internal sealed class DaySetConverter : JsonConverter<DaySet>
{
    public override DaySet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return DaySet.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException("Days must be a string such as \"mon-fri\"."));
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, DaySet value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Seed files are read, not written.");
}

internal sealed class TimeRangesConverter : JsonConverter<TimeRanges>
{
    public override TimeRanges Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return new TimeRanges([TimeRanges.ParseRange(reader.GetString()!)]);
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException("Hours must be \"HH:mm-HH:mm\" or a list of such strings.");
            }

            var ranges = new List<(TimeOnly, TimeOnly)>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ranges.Add(reader.TokenType == JsonTokenType.String
                    ? TimeRanges.ParseRange(reader.GetString()!)
                    : throw new FormatException("Each range must be a string like \"08:00-22:00\"."));
            }

            return new TimeRanges(ranges);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeRanges value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Seed files are read, not written.");
}
