using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>Why a lock refused a command. The wire name is the stable reason code.</summary>
[JsonConverter(typeof(WireEnumConverter<CommandRejectReason>))]
public enum CommandRejectReason
{
    /// <summary>Not a well-formed JWS or command (bad base64url, JSON, fields or rules).</summary>
    [JsonStringEnumMemberName("malformed")] Malformed,

    /// <summary>The command's <c>"v"</c> is not one the lock speaks.</summary>
    [JsonStringEnumMemberName("unsupported_version")] UnsupportedVersion,

    /// <summary>The command's <c>"type"</c> is unknown to the lock (older firmware).</summary>
    [JsonStringEnumMemberName("unsupported_type")] UnsupportedType,

    /// <summary>The JWS <c>alg</c> is not <c>ES256</c> (including <c>none</c>).</summary>
    [JsonStringEnumMemberName("unsupported_algorithm")] UnsupportedAlgorithm,

    /// <summary>The JWS <c>kid</c> names no key the lock trusts.</summary>
    [JsonStringEnumMemberName("unknown_key")] UnknownKey,

    /// <summary>The ES256 signature does not verify.</summary>
    [JsonStringEnumMemberName("bad_signature")] BadSignature,

    /// <summary>Addressed to another lock.</summary>
    [JsonStringEnumMemberName("wrong_lock")] WrongLock,

    /// <summary>The counter is not above the last accepted one (and it is not a duplicate of the last command).</summary>
    [JsonStringEnumMemberName("replayed_counter")] ReplayedCounter,

    /// <summary>issuedAt is further in the future than the clock-skew allowance.</summary>
    [JsonStringEnumMemberName("not_yet_valid")] NotYetValid,

    /// <summary>expiresAt has passed (beyond the clock-skew allowance).</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>expiresAt − issuedAt exceeds the lock's maximum command lifetime.</summary>
    [JsonStringEnumMemberName("lifetime_too_long")] LifetimeTooLong,

    /// <summary>A delta whose fromVersion is not the lock's applied version: send a full sync.</summary>
    [JsonStringEnumMemberName("version_gap")] VersionGap,

    /// <summary>The credential set would not fit in the lock's storage.</summary>
    [JsonStringEnumMemberName("capacity_exceeded")] CapacityExceeded,
}
