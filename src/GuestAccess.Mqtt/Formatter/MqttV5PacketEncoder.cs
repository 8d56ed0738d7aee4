using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Encodes MQTT 5.0 packets, using the short forms the spec allows (e.g. a 2-byte PUBACK on success without properties).</summary>
public sealed class MqttV5PacketEncoder : IMqttPacketEncoder
{
    public static readonly MqttV5PacketEncoder Instance = new();

    public void Encode(MqttPacket packet, MqttBufferWriter w)
    {
        w.Reset();
        switch (packet)
        {
            case ConnectPacket p:
                MqttConnectCodec.Encode(p, w);
                break;
            case ConnAckPacket p:
                w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
                w.WriteByte((byte)p.ReasonCode);
                MqttPropertyCodec.Write(w, p.Properties, (int)MqttPacketType.ConnAck);
                w.Complete(0x20);
                break;
            case PublishPacket p:
                var header = MqttDecoding.PublishHeader(p);
                w.WriteString(p.Topic);
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                {
                    w.WriteUInt16(p.PacketId);
                }

                MqttPropertyCodec.Write(w, p.Properties, (int)MqttPacketType.Publish);
                w.WriteBytes(p.Payload.Span);
                w.Complete(header);
                break;
            case MqttAckPacket p:
                w.WriteUInt16(p.PacketId);
                if (p.ReasonCode != MqttReasonCode.Success || p.Properties is not null)
                {
                    w.WriteByte((byte)p.ReasonCode);
                    if (p.Properties is not null)
                    {
                        MqttPropertyCodec.Write(w, p.Properties, (int)p.Type);
                    }
                }

                w.Complete((byte)(((int)p.Type << 4) | (p.Type == MqttPacketType.PubRel ? 2 : 0)));
                break;
            case SubscribePacket p:
                w.WriteUInt16(p.PacketId);
                MqttPropertyCodec.Write(w, p.Properties, (int)MqttPacketType.Subscribe);
                foreach (var filter in p.Filters)
                {
                    w.WriteString(filter.Filter);
                    w.WriteByte(MqttDecoding.SubscriptionOptions(filter, v5: true));
                }

                w.Complete(0x82);
                break;
            case SubAckPacket p:
                WriteAckWithCodes(w, p.PacketId, p.Properties, p.ReasonCodes, MqttPacketType.SubAck, 0x90);
                break;
            case UnsubscribePacket p:
                w.WriteUInt16(p.PacketId);
                MqttPropertyCodec.Write(w, p.Properties, (int)MqttPacketType.Unsubscribe);
                foreach (var filter in p.Filters)
                {
                    w.WriteString(filter);
                }

                w.Complete(0xA2);
                break;
            case UnsubAckPacket p:
                WriteAckWithCodes(w, p.PacketId, p.Properties, p.ReasonCodes, MqttPacketType.UnsubAck, 0xB0);
                break;
            case PingReqPacket:
                w.Complete(0xC0);
                break;
            case PingRespPacket:
                w.Complete(0xD0);
                break;
            case DisconnectPacket p:
                WriteReasonAndProperties(w, p.ReasonCode, p.Properties, MqttPacketType.Disconnect);
                w.Complete(0xE0);
                break;
            case AuthPacket p:
                WriteReasonAndProperties(w, p.ReasonCode, p.Properties, MqttPacketType.Auth);
                w.Complete(0xF0);
                break;
            default:
                throw new ArgumentException($"Unknown packet {packet.Type}.", nameof(packet));
        }
    }

    private static void WriteReasonAndProperties(MqttBufferWriter w, MqttReasonCode code, MqttProperties? properties, MqttPacketType type)
    {
        if (code == MqttReasonCode.Success && properties is null)
        {
            return;
        }

        w.WriteByte((byte)code);
        if (properties is not null)
        {
            MqttPropertyCodec.Write(w, properties, (int)type);
        }
    }

    private static void WriteAckWithCodes(MqttBufferWriter w, ushort packetId, MqttProperties? properties, IReadOnlyList<MqttReasonCode> codes, MqttPacketType type, byte header)
    {
        w.WriteUInt16(packetId);
        MqttPropertyCodec.Write(w, properties, (int)type);
        foreach (var code in codes)
        {
            w.WriteByte((byte)code);
        }

        w.Complete(header);
    }
}
