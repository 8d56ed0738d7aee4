using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// Every instant on the wire is an integer: Unix time in whole seconds, UTC. Simple for firmware,
/// unambiguous, and the same unit as the JWT <c>nbf</c>/<c>exp</c> claims. Sub-second parts are
/// truncated when writing.
/// </summary>
public sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>0001-01-01 … 9999-12-31, the range <see cref="DateTimeOffset"/> can hold.</summary>
    private static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seconds) || seconds < Min || seconds > Max)
        {
            throw new JsonException("an instant is an integer number of Unix seconds");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());
}
