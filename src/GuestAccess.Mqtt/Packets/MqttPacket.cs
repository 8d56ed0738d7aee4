namespace GuestAccess.Mqtt.Packets;

/// <summary>An MQTT control packet. Packets are immutable once built and independent of the protocol version.</summary>
public abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}

/// <summary>Common shape of PUBACK, PUBREC, PUBREL and PUBCOMP.</summary>
public abstract class MqttAckPacket : MqttPacket
{
    public required ushort PacketId { get; init; }

    /// <summary>MQTT 5.0 only; always <see cref="MqttReasonCode.Success"/> in 3.1.1.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

public sealed class PubAckPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

public sealed class PubRecPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

public sealed class PubRelPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

public sealed class PubCompPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}

public sealed class PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingReq;
}

public sealed class PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingResp;
}
