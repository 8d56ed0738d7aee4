using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// Encodes messages to UTF-8 JSON and decodes them strictly. Decoding checks, in this order: size,
/// JSON syntax, <c>"v"</c> (→ unsupported_version), <c>"type"</c> (→ unsupported_type or
/// unexpected_type), the type's JSON contract, then its rules (→ malformed). It never throws on
/// bad input and its errors name fields and rules, never values.
/// </summary>
public static class LockMessageCodec
{
    /// <summary>Upper bound of any message; a full sync of the maximum 1,000 PINs, each with a schedule, fits.</summary>
    public const int MaxMessageBytes = 512 * 1024;

    private static readonly FrozenDictionary<string, JsonTypeInfo> TypesByName = new Dictionary<string, JsonTypeInfo>
    {
        [ApplyCredentials.TypeName] = ProtocolJson.Context.ApplyCredentials,
        [SyncCredentials.TypeName] = ProtocolJson.Context.SyncCredentials,
        [ConfirmEvents.TypeName] = ProtocolJson.Context.ConfirmEvents,
        [ReplayEvents.TypeName] = ProtocolJson.Context.ReplayEvents,
        [RemoteUnlock.TypeName] = ProtocolJson.Context.RemoteUnlock,
        [Lockdown.TypeName] = ProtocolJson.Context.Lockdown,
        [RequestStatus.TypeName] = ProtocolJson.Context.RequestStatus,
        [CommandAck.TypeName] = ProtocolJson.Context.CommandAck,
        [CommandRejected.TypeName] = ProtocolJson.Context.CommandRejected,
        [EventBatch.TypeName] = ProtocolJson.Context.EventBatch,
        [LockStatus.TypeName] = ProtocolJson.Context.LockStatus,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every message type name this library knows.</summary>
    public static IReadOnlyCollection<string> TypeNames => TypesByName.Keys;

    /// <summary>UTF-8 JSON of a valid message. Throws <see cref="ArgumentException"/> for an invalid one (a caller bug).</summary>
    public static byte[] Encode(LockMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            message.Validate();
        }
        catch (ProtocolViolation violation)
        {
            throw new ArgumentException($"Invalid {message.Type} message: {violation.Message}.", nameof(message));
        }

        return JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJson.Context.GetTypeInfo(message.GetType())!);
    }

    public static string EncodeToString(LockMessage message) => Encoding.UTF8.GetString(Encode(message));

    /// <summary>
    /// Decodes a message that must be a <typeparamref name="T"/> (use <see cref="LockMessage"/> to
    /// accept any, <see cref="LockCommand"/>, <see cref="LockReply"/>, <see cref="EventBatch"/> or
    /// <see cref="LockStatus"/> for one topic's messages).
    /// </summary>
    public static bool TryDecode<T>(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out T? message,
        [NotNullWhen(false)] out ProtocolError? error)
        where T : LockMessage
    {
        message = null;
        if (utf8Json.Length > MaxMessageBytes)
        {
            error = new ProtocolError(ProtocolErrorCode.TooLarge, $"a message is at most {MaxMessageBytes} bytes");
            return false;
        }

        if (!Utf8.IsValid(utf8Json))
        {
            error = new ProtocolError(ProtocolErrorCode.Malformed, "a message is UTF-8 JSON");
            return false;
        }

        if (!MessageHeader.TryRead(utf8Json, out var header, out error))
        {
            return false;
        }

        if (!TypesByName.TryGetValue(header.Type, out var typeInfo))
        {
            error = new ProtocolError(ProtocolErrorCode.UnsupportedType, $"unknown message type{Quote(header.Type)}");
            return false;
        }

        if (!typeof(T).IsAssignableFrom(typeInfo.Type))
        {
            error = new ProtocolError(ProtocolErrorCode.UnexpectedType, $"a {header.Type} message is not expected here");
            return false;
        }

        try
        {
            message = (T)JsonSerializer.Deserialize(utf8Json, typeInfo)!;
            message.Validate();
            return true;
        }
        catch (JsonException ex)
        {
            message = null;
            error = new ProtocolError(ProtocolErrorCode.Malformed, DescribeJsonError(ex, typeInfo, header));
            return false;
        }
        catch (ProtocolViolation violation)
        {
            message = null;
            error = new ProtocolError(ProtocolErrorCode.Malformed, violation.Message);
            return false;
        }
    }

    public static bool TryDecode<T>(string json, [NotNullWhen(true)] out T? message, [NotNullWhen(false)] out ProtocolError? error)
        where T : LockMessage =>
        TryDecode(Encoding.UTF8.GetBytes(json), out message, out error);

    private static string DescribeJsonError(JsonException ex, JsonTypeInfo typeInfo, MessageHeader header)
    {
        var missing = typeInfo.Properties
            .Where(p => p.IsRequired && !header.TopLevelNames.Contains(p.Name))
            .Select(p => p.Name)
            .ToList();
        if (missing.Count > 0)
        {
            return $"{header.Type}: missing required field(s) {string.Join(", ", missing)}";
        }

        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        return $"{header.Type}: invalid, unknown, duplicate or missing field at {path}";
    }

    /// <summary>Quotes a received name only when it is harmless to log.</summary>
    internal static string Quote(string value) => WireText.IsIdentifier(value) ? $" '{value}'" : string.Empty;
}
