namespace GuestAccess.Mqtt.Packets;

public sealed class SubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public required ushort PacketId { get; init; }

    public required IReadOnlyList<MqttTopicFilter> Filters { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>One topic filter of SUBSCRIBE with its options (the 5.0 options are zero in 3.1.1).</summary>
public sealed record MqttTopicFilter(
    string Filter,
    MqttQualityOfService QualityOfService,
    bool NoLocal = false,
    bool RetainAsPublished = false,
    MqttRetainHandling RetainHandling = MqttRetainHandling.SendAtSubscribe);

public enum MqttRetainHandling : byte
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}

public sealed class SubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public required ushort PacketId { get; init; }

    /// <summary>One per requested filter: GrantedQoS0..2 or a failure code (>= 0x80).</summary>
    public required IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; }

    public MqttProperties? Properties { get; init; }
}

public sealed class UnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public required ushort PacketId { get; init; }

    public required IReadOnlyList<string> Filters { get; init; }

    public MqttProperties? Properties { get; init; }
}

public sealed class UnsubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public required ushort PacketId { get; init; }

    /// <summary>5.0 only (one per filter); empty for 3.1.1.</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];

    public MqttProperties? Properties { get; init; }
}
