using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Decodes MQTT 3.1.1 packet bodies (spec 3.1.1 chapter 3).</summary>
public sealed class MqttV311PacketDecoder : IMqttPacketDecoder
{
    public static readonly MqttV311PacketDecoder Instance = new();

    public MqttPacket Decode(byte header, ReadOnlySpan<byte> body)
    {
        var flags = header & 0x0F;
        var r = new MqttSpanReader(body);
        MqttPacket packet = (MqttPacketType)(header >> 4) switch
        {
            MqttPacketType.Connect => MqttConnectCodec.Decode(flags, r.ReadToEnd()),
            MqttPacketType.ConnAck => ConnAck(flags, ref r),
            MqttPacketType.Publish => Publish(flags, ref r),
            MqttPacketType.PubAck => new PubAckPacket { PacketId = Ack(flags, 0, MqttPacketType.PubAck, ref r) },
            MqttPacketType.PubRec => new PubRecPacket { PacketId = Ack(flags, 0, MqttPacketType.PubRec, ref r) },
            MqttPacketType.PubRel => new PubRelPacket { PacketId = Ack(flags, 2, MqttPacketType.PubRel, ref r) },
            MqttPacketType.PubComp => new PubCompPacket { PacketId = Ack(flags, 0, MqttPacketType.PubComp, ref r) },
            MqttPacketType.Subscribe => Subscribe(flags, ref r),
            MqttPacketType.SubAck => SubAck(flags, ref r),
            MqttPacketType.Unsubscribe => Unsubscribe(flags, ref r),
            MqttPacketType.UnsubAck => new UnsubAckPacket { PacketId = Ack(flags, 0, MqttPacketType.UnsubAck, ref r) },
            MqttPacketType.PingReq => Empty(flags, MqttPacketType.PingReq, ref r, PingReqPacket.Instance),
            MqttPacketType.PingResp => Empty(flags, MqttPacketType.PingResp, ref r, PingRespPacket.Instance),
            MqttPacketType.Disconnect => Empty(flags, MqttPacketType.Disconnect, ref r, DisconnectPacket.Normal),
            MqttPacketType.Auth => throw MqttProtocolException.Malformed("AUTH does not exist in MQTT 3.1.1."),
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

        return new ConnAckPacket { SessionPresent = ackFlags == 1, ReasonCode = MqttReasonCodes.FromV311ConnectReturnCode(r.ReadByte()) };
    }

    private static PublishPacket Publish(int flags, ref MqttSpanReader r)
    {
        var (topic, qos, dup, retain, packetId) = MqttDecoding.ReadPublishHeader(flags, ref r);
        if (topic.Length == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "Empty topic name.");
        }

        return new PublishPacket { Topic = topic, QualityOfService = qos, Dup = dup, Retain = retain, PacketId = packetId, Payload = r.ReadToEnd().ToArray() };
    }

    private static ushort Ack(int flags, int expectedFlags, MqttPacketType type, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, expectedFlags, type);
        return MqttDecoding.ReadPacketId(ref r);
    }

    private static SubscribePacket Subscribe(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 2, MqttPacketType.Subscribe);
        var id = MqttDecoding.ReadPacketId(ref r);
        return new SubscribePacket { PacketId = id, Filters = MqttDecoding.ReadFilters(ref r, v5: false) };
    }

    private static SubAckPacket SubAck(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.SubAck);
        var id = MqttDecoding.ReadPacketId(ref r);
        var codes = new List<MqttReasonCode>(1);
        while (!r.End)
        {
            var code = r.ReadByte();
            codes.Add(code switch
            {
                0 or 1 or 2 => (MqttReasonCode)code,
                0x80 => MqttReasonCode.UnspecifiedError,
                _ => throw MqttProtocolException.Malformed("Invalid SUBACK return code."),
            });
        }

        return codes.Count > 0 ? new SubAckPacket { PacketId = id, ReasonCodes = codes } : throw MqttProtocolException.Malformed("SUBACK without return codes.");
    }

    private static UnsubscribePacket Unsubscribe(int flags, ref MqttSpanReader r)
    {
        MqttDecoding.ExpectFlags(flags, 2, MqttPacketType.Unsubscribe);
        var id = MqttDecoding.ReadPacketId(ref r);
        return new UnsubscribePacket { PacketId = id, Filters = MqttDecoding.ReadUnsubscribeFilters(ref r) };
    }

    private static MqttPacket Empty(int flags, MqttPacketType type, ref MqttSpanReader r, MqttPacket instance)
    {
        MqttDecoding.ExpectFlags(flags, 0, type);
        MqttDecoding.ExpectEnd(ref r);
        return instance;
    }
}
