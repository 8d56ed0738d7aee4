using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>Why an incoming message could not be read. Safe to log: it never quotes field values.</summary>
public sealed record ProtocolError(ProtocolErrorCode Code, string Message)
{
    public string CodeName => WireNames.Of(Code);

    public override string ToString() => $"{CodeName}: {Message}";
}

[JsonConverter(typeof(WireEnumConverter<ProtocolErrorCode>))]
public enum ProtocolErrorCode
{
    /// <summary>Not JSON, wrong shape, a missing or invalid field, or a broken rule.</summary>
    [JsonStringEnumMemberName("malformed")] Malformed,

    /// <summary>A <c>"v"</c> this library does not speak.</summary>
    [JsonStringEnumMemberName("unsupported_version")] UnsupportedVersion,

    /// <summary>A <c>"type"</c> this library does not know.</summary>
    [JsonStringEnumMemberName("unsupported_type")] UnsupportedType,

    /// <summary>A known type on the wrong topic (e.g. a status on the events topic).</summary>
    [JsonStringEnumMemberName("unexpected_type")] UnexpectedType,

    /// <summary>Larger than <see cref="LockMessageCodec.MaxMessageBytes"/>.</summary>
    [JsonStringEnumMemberName("too_large")] TooLarge,

    /// <summary>The message's <c>"lock"</c> is not the lock whose topic it came on.</summary>
    [JsonStringEnumMemberName("lock_mismatch")] LockMismatch,

    /// <summary>The topic is not a lock topic the receiver listens to.</summary>
    [JsonStringEnumMemberName("unknown_topic")] UnknownTopic,
}
