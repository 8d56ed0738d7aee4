namespace GuestAccess.Mqtt.Packets;

public sealed class PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>The topic name; empty only in 5.0 when a topic alias stands for it.</summary>
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    public bool Dup { get; init; }

    /// <summary>Non-zero for QoS 1 and 2, zero for QoS 0.</summary>
    public ushort PacketId { get; init; }

    public MqttProperties? Properties { get; init; }
}
