using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// A server → lock command: the JSON payload of a signed compact JWS on the lock's
/// <c>commands</c> topic. <see cref="Counter"/>, <see cref="IssuedAt"/> and
/// <see cref="ExpiresAt"/> are stamped by <see cref="Signing.CommandSigner"/>.
/// </summary>
public abstract record LockCommand : LockMessage
{
    /// <summary>Unique per command; replies and events refer to it.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-50)]
    public required string CommandId { get; init; }

    /// <summary>The only lock that may execute this command.</summary>
    [JsonPropertyOrder(-49)]
    public required LockId Lock { get; init; }

    /// <summary>Strictly increasing per lock; a lock refuses any counter not above the last it accepted.</summary>
    [JsonRequired]
    [JsonPropertyOrder(-48)]
    public long Counter { get; init; }

    [JsonRequired]
    [JsonPropertyOrder(-47)]
    public DateTimeOffset IssuedAt { get; init; }

    [JsonRequired]
    [JsonPropertyOrder(-46)]
    public DateTimeOffset ExpiresAt { get; init; }

    internal override void Validate()
    {
        WireText.RequireIdentifier(CommandId, "id");
        ProtocolViolation.Unless(Counter >= 1, "counter must be >= 1");
        ProtocolViolation.Unless(ExpiresAt > IssuedAt, "expiresAt must be after issuedAt");
        ValidateBody();
    }

    private protected abstract void ValidateBody();
}
