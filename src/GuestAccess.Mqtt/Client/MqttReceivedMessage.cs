using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Client;

/// <summary>A message delivered to the application handler (a thin view over the received PUBLISH).</summary>
public sealed class MqttReceivedMessage
{
    private readonly PublishPacket _packet;

    internal MqttReceivedMessage(PublishPacket packet) => _packet = packet;

    public string Topic => _packet.Topic;

    public ReadOnlyMemory<byte> Payload => _packet.Payload;

    public MqttQualityOfService QualityOfService => _packet.QualityOfService;

    public bool Retain => _packet.Retain;

    /// <summary>The server may have delivered this message before (redelivery after a reconnect).</summary>
    public bool Dup => _packet.Dup;

    public bool PayloadIsUtf8 => _packet.Properties?.PayloadFormatIndicator == 1;

    public uint? MessageExpiryInterval => _packet.Properties?.MessageExpiryInterval;

    public string? ContentType => _packet.Properties?.ContentType;

    public string? ResponseTopic => _packet.Properties?.ResponseTopic;

    public ReadOnlyMemory<byte>? CorrelationData => _packet.Properties?.CorrelationData;

    public IReadOnlyList<MqttUserProperty> UserProperties => _packet.Properties?.UserProperties ?? (IReadOnlyList<MqttUserProperty>)[];

    public IReadOnlyList<uint> SubscriptionIdentifiers => _packet.Properties?.SubscriptionIdentifiers ?? (IReadOnlyList<uint>)[];
}
