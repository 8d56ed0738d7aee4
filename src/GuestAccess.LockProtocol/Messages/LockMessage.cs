using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// Every protocol message is a JSON object that starts with its schema version <c>"v"</c> and its
/// type discriminator <c>"type"</c>. Both are fixed per CLR type; readers check them before
/// anything else (see <see cref="LockMessageCodec"/>).
/// </summary>
public abstract record LockMessage
{
    [JsonPropertyName("v")]
    [JsonPropertyOrder(-100)]
    public int SchemaVersion => ProtocolVersion.Current;

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-99)]
    public string Type => MessageType;

    private protected abstract string MessageType { get; }

    /// <summary>Semantic checks beyond the JSON shape; throws <see cref="ProtocolViolation"/>.</summary>
    internal abstract void Validate();
}
