using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>The <c>"v"</c> and <c>"type"</c> of a message, read before anything else.</summary>
internal readonly record struct MessageHeader(int Version, string Type, HashSet<string> TopLevelNames)
{
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out MessageHeader header, [NotNullWhen(false)] out ProtocolError? error)
    {
        header = default;
        long? version = null;
        string? type = null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(ProtocolErrorCode.Malformed, "a message is a JSON object", out error);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                names.Add(name);
                reader.Read();
                if (name == "v")
                {
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v : -1;
                }
                else if (name == "type")
                {
                    type = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= 64 ? reader.GetString() : string.Empty;
                }

                reader.Skip();
            }

            if (reader.Read())
            {
                return Fail(ProtocolErrorCode.Malformed, "unexpected content after the message object", out error);
            }
        }
        catch (JsonException)
        {
            return Fail(ProtocolErrorCode.Malformed, "not valid JSON", out error);
        }

        if (version is null or < 0)
        {
            return Fail(ProtocolErrorCode.Malformed, "missing or invalid schema version \"v\"", out error);
        }

        if (version != ProtocolVersion.Current)
        {
            var text = version.Value.ToString(CultureInfo.InvariantCulture);
            return Fail(ProtocolErrorCode.UnsupportedVersion, $"schema version {text} is not supported (supported: {ProtocolVersion.Current})", out error);
        }

        if (string.IsNullOrEmpty(type))
        {
            return Fail(ProtocolErrorCode.Malformed, "missing or invalid message \"type\"", out error);
        }

        header = new MessageHeader((int)version.Value, type, names);
        error = null;
        return true;
    }

    private static bool Fail(ProtocolErrorCode code, string message, out ProtocolError error)
    {
        error = new ProtocolError(code, message);
        return false;
    }
}
