namespace GuestAccess.Mqtt;

/// <summary>An application message to publish (client) or to inject into the broker in-process.</summary>
public sealed class MqttApplicationMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>5.0: the payload is UTF-8 text (payload format indicator 1).</summary>
    public bool PayloadIsUtf8 { get; init; }

    /// <summary>5.0 message expiry interval in seconds.</summary>
    public uint? MessageExpiryInterval { get; init; }

    public string? ContentType { get; init; }

    /// <summary>5.0 request/response: the topic a responder should publish the answer to.</summary>
    public string? ResponseTopic { get; init; }

    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
