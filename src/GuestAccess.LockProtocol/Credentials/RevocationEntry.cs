using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// "Refuse this credential" — needed for mobile keys, which a lock otherwise accepts on their
/// signature alone, and sent for revoked PINs too. <see cref="Until"/> is the credential's own
/// expiry: after it the credential is refused anyway, so the lock may prune the entry.
/// </summary>
public sealed record RevocationEntry
{
    [JsonPropertyName("credential")]
    public required string CredentialId { get; init; }

    public required DateTimeOffset Until { get; init; }

    /// <summary>Does this entry still refuse its credential at <paramref name="now"/>?</summary>
    public bool IsInForce(DateTimeOffset now) => now < Until;

    internal void Validate(string path) => WireText.RequireIdentifier(CredentialId, $"{path}.credential");
}
