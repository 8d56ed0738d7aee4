using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// Strict enum converter: exactly the snake_case wire names (case-sensitive), no integers, no
/// comma-separated flags. Anything else is a protocol error.
/// </summary>
public sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String
            && reader.ValueSpan.Length <= 64
            && WireNames.TryParse<TEnum>(reader.GetString(), out var value))
        {
            return value;
        }

        throw new JsonException($"unknown {typeof(TEnum).Name} value");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireNames.Of(value));
}
