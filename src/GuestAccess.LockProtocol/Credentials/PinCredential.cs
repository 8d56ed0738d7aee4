using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// A PIN as a lock stores it: never the PIN itself, only a per-credential random salt and
/// <c>HMAC-SHA256(key = salt, "ga-pin-v1:" + PIN)</c> (see <see cref="PinHasher"/>), with the
/// credential's own validity window and optional schedule. Salt and hash are base64url, no padding.
/// </summary>
public sealed record PinCredential
{
    [JsonPropertyName("id")]
    public required string CredentialId { get; init; }

    [JsonPropertyName("grant")]
    public required string GrantId { get; init; }

    /// <summary>16 random bytes, base64url (22 characters).</summary>
    public required string Salt { get; init; }

    /// <summary>32-byte HMAC-SHA256, base64url (43 characters).</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public WeeklySchedule? Schedule { get; init; }

    [JsonIgnore]
    public CredentialValidity Validity => new(NotBefore, NotAfter, Schedule);

    internal void Validate(string path)
    {
        WireText.RequireIdentifier(CredentialId, $"{path}.id");
        WireText.RequireIdentifier(GrantId, $"{path}.grant");
        ProtocolViolation.Unless(WireBase64.DecodedLength(Salt) == PinHasher.SaltBytes, $"{path}.salt must be {PinHasher.SaltBytes} bytes, base64url");
        ProtocolViolation.Unless(WireBase64.DecodedLength(Hash) == PinHasher.HashBytes, $"{path}.hash must be {PinHasher.HashBytes} bytes, base64url");
        Validity.Validate(path);
    }
}
