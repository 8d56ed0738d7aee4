using System.Text.Json;
using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>A lock id on the wire is a JSON string that must satisfy <see cref="LockId.Rule"/>.</summary>
public sealed class LockIdJsonConverter : JsonConverter<LockId>
{
    public override LockId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > LockId.MaxLength)
        {
            throw new JsonException(LockId.Rule);
        }

        return LockId.TryParse(reader.GetString(), out var lockId) ? lockId : throw new JsonException(LockId.Rule);
    }

    public override void Write(Utf8JsonWriter writer, LockId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
