using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.Server.Bookings;

/// <summary>
/// Reads an instant only when it says which one it is: ISO 8601 with <c>Z</c> or an offset
/// (<c>2026-11-24T19:00:00+01:00</c>). A bare local time would otherwise be read in the
/// server's own zone and book the wrong hour without anyone noticing.
/// </summary>
public sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException("An instant is an ISO 8601 string with Z or an offset, e.g. 2026-11-24T19:00:00+01:00.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (time < 0)
        {
            return false;
        }

        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.LastIndexOfAny('+', '-') > 0;
    }
}
