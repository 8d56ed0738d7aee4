using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// The claims of a mobile key (the payload of a compact JWS with typ <c>ga-key+jwt</c>, shown as a
/// QR code or sent by an app). Short names keep it small; no personal data: the holder is a
/// pseudonym. A lock accepts it offline on its signature, its own validity and the revocation list.
/// </summary>
public sealed record MobileKeyClaims
{
    public const int MaxLocks = 16;

    [JsonPropertyName("v")]
    [JsonPropertyOrder(-10)]
    public int SchemaVersion { get; init; } = ProtocolVersion.Current;

    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    /// <summary>The credential id (revocation entries name it).</summary>
    [JsonPropertyName("jti")]
    public required string CredentialId { get; init; }

    [JsonPropertyName("gid")]
    public required string GrantId { get; init; }

    /// <summary>A pseudonym of the holder, never a name or CPR number.</summary>
    [JsonPropertyName("sub")]
    public required string Holder { get; init; }

    /// <summary>The locks (one per door) this key opens.</summary>
    [JsonPropertyName("locks")]
    public required IReadOnlyList<LockId> Locks { get; init; }

    [JsonPropertyName("nbf")]
    public required DateTimeOffset NotBefore { get; init; }

    [JsonPropertyName("exp")]
    public required DateTimeOffset NotAfter { get; init; }

    [JsonPropertyName("sch")]
    public WeeklySchedule? Schedule { get; init; }

    [JsonIgnore]
    public CredentialValidity Validity => new(NotBefore, NotAfter, Schedule);

    internal void Validate()
    {
        ProtocolViolation.Unless(SchemaVersion == ProtocolVersion.Current, "unsupported mobile key version");
        WireText.RequireIdentifier(Issuer, "iss");
        WireText.RequireIdentifier(CredentialId, "jti");
        WireText.RequireIdentifier(GrantId, "gid");
        WireText.RequireIdentifier(Holder, "sub");
        ProtocolViolation.Unless(Locks.Count is >= 1 and <= MaxLocks && Locks.Distinct().Count() == Locks.Count, $"locks must list 1-{MaxLocks} distinct lock ids");
        Validity.Validate("key");
    }
}
