using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Decodes MQTT 5.0 packet bodies (spec 5.0 chapter 3), including properties and reason codes.</summary>
public sealed class MqttV5PacketDecoder : IMqttPacketDecoder
{
    public static readonly MqttV5PacketDecoder Instance = new();

    public MqttPacket Decode(byte header, ReadOnlySpan<byte> body)
    {
        var flags = header & 0x0F;
        var r = new MqttSpanReader(body);
        MqttPacket packet = (MqttPacketType)(header >> 4) switch
        {
            MqttPacketType.Connect => MqttConnectCodec.Decode(flags, r.ReadToEnd()),
            MqttPacketType.ConnAck => ConnAck(flags, ref r),
            MqttPacketType.Publish => Publish(flags, ref r),
            MqttPacketType.PubAck => Ack(flags, 0, MqttPacketType.PubAck, ref r, (id, c, p) => new PubAckPacket { PacketId = id, ReasonCode = c, Properties = p }),
            MqttPacketType.PubRec => Ack(flags, 0, MqttPacketType.PubRec, ref r, (id, c, p) => new PubRecPacket { PacketId = id, ReasonCode = c, Properties = p }),
            MqttPacketType.PubRel => Ack(flags, 2, MqttPacketType.PubRel, ref r, (id, c, p) => new PubRelPacket { PacketId = id, ReasonCode = c, Properties = p }),
            MqttPacketType.PubComp => Ack(flags, 0, MqttPacketType.PubComp, ref r, (id, c, p) => new PubCompPacket { PacketId = id, ReasonCode = c, Properties = p }),
            MqttPacketType.Subscribe => Subscribe(flags, ref r),
            MqttPacketType.SubAck => SubAck(flags, ref r),
            MqttPacketType.Unsubscribe => Unsubscribe(flags, ref r),
            MqttPacketType.UnsubAck => UnsubAck(flags, ref r),
            MqttPacketType.PingReq => Empty(flags, MqttPacketType.PingReq, ref r, PingReqPacket.Instance),
            MqttPacketType.PingResp => Empty(flags, MqttPacketType.PingResp, ref r, PingRespPacket.Instance),
            MqttPacketType.Disconnect => Disconnect(flags, ref r),
            MqttPacketType.Auth => Auth(flags, ref r),
            _ => throw MqttProtocolException.Malformed("Reserved packet type 0."),
        };
        MqttDecoding.ExpectEnd(ref r);
        return packet;
    }

    private static ConnAckPacket ConnAck(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.ConnAck);
        var ackFlags = r.ReadByte();
        if ((ackFlags & 0xFE) != 0)
        {
            throw MqttProtocolException.Malformed("CONNACK reserved flags set.");
        }

        var code = MqttReasonCodes.Check(MqttPacketType.ConnAck, r.ReadByte());
        return new ConnAckPacket { SessionPresent = ackFlags == 1, ReasonCode = code, Properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.ConnAck) };
    }

    private static PublishPacket Publish(int flags, ref MqttSpanReader r)
    {
        var (topic, qos, dup, retain, packetId) = MqttDecoding.ReadPublishHeader(flags, ref r);
        var properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Publish);
        if (topic.Length == 0 && properties?.TopicAlias is null)
        {
            throw MqttProtocolException.Protocol("Empty topic name without a topic alias.");
        }

        return new PublishPacket { Topic = topic, QualityOfService = qos, Dup = dup, Retain = retain, PacketId = packetId, Properties = properties, Payload = r.ReadToEnd().ToArray() };
    }

    private static MqttAckPacket Ack(int flags, int expectedFlags, MqttPacketType type, ref MqttSpanReader r, Func<ushort, MqttReasonCode, MqttProperties?, MqttAckPacket> create)
    {
        MqttDecoding.ExpectFlags(flags, expectedFlags, type);
        var id = MqttDecoding.ReadPacketId(ref r);
        var code = r.End ? MqttReasonCode.Success : MqttReasonCodes.Check(type, r.ReadByte());
        var properties = r.End ? null : MqttPropertyCodec.Read(ref r, (int)type);
        return create(id, code, properties);
    }

    private static SubscribePacket Subscribe(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 2, MqttPacketType.Subscribe);
        var id = MqttDecoding.ReadPacketId(ref r);
        var properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Subscribe);
        return new SubscribePacket { PacketId = id, Properties = properties, Filters = MqttDecoding.ReadFilters(ref r, v5: true) };
    }

    private static SubAckPacket SubAck(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.SubAck);
        var id = MqttDecoding.ReadPacketId(ref r);
        var properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.SubAck);
        return new SubAckPacket { PacketId = id, Properties = properties, ReasonCodes = ReadCodes(ref r, MqttPacketType.SubAck) };
    }

    private static UnsubscribePacket Unsubscribe(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 2, MqttPacketType.Unsubscribe);
        var id = MqttDecoding.ReadPacketId(ref r);
        var properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Unsubscribe);
        return new UnsubscribePacket { PacketId = id, Properties = properties, Filters = MqttDecoding.ReadUnsubscribeFilters(ref r) };
    }

    private static UnsubAckPacket UnsubAck(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.UnsubAck);
        var id = MqttDecoding.ReadPacketId(ref r);
        var properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.UnsubAck);
        return new UnsubAckPacket { PacketId = id, Properties = properties, ReasonCodes = ReadCodes(ref r, MqttPacketType.UnsubAck) };
    }

    private static MqttReasonCode[] ReadCodes(ref MqttSpanReader r, MqttPacketType type)
    {
        if (r.End)
        {
            throw MqttProtocolException.Protocol($"{type} without reason codes.");
        }

        var codes = new MqttReasonCode[r.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = MqttReasonCodes.Check(type, r.ReadByte());
        }

        return codes;
    }

    private static DisconnectPacket Disconnect(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.Disconnect);
        if (r.End)
        {
            return DisconnectPacket.Normal;
        }

        var code = MqttReasonCodes.Check(MqttPacketType.Disconnect, r.ReadByte());
        return new DisconnectPacket { ReasonCode = code, Properties = r.End ? null : MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Disconnect) };
    }

    private static AuthPacket Auth(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.Auth);
        if (r.End)
        {
            return new AuthPacket();
        }

        var code = MqttReasonCodes.Check(MqttPacketType.Auth, r.ReadByte());
        return new AuthPacket { ReasonCode = code, Properties = MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Auth) };
    }

    private static MqttPacket Empty(int flags, MqttPacketType type, ref MqttSpanReader r, MqttPacket instance)
    {
        MqttDecoding.ExpectFlags(flags, 0, type);
        MqttDecoding.ExpectEnd(ref r);
        return instance;
    }
}
