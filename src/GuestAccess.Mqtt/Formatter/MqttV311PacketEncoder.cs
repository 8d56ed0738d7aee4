using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Encodes MQTT 3.1.1 packets. 5.0-only content (properties, reason codes other than failure) is not representable and is left out.</summary>
public sealed class MqttV311PacketEncoder : IMqttPacketEncoder
{
    public static readonly MqttV311PacketEncoder Instance = new();

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
                w.WriteByte(MqttReasonCodes.ToV311ConnectReturnCode(p.ReasonCode));
                w.Complete(0x20);
                break;
            case PublishPacket p:
                var header = MqttDecoding.PublishHeader(p);
                w.WriteString(p.Topic);
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                {
                    w.WriteUInt16(p.PacketId);
                }

                w.WriteBytes(p.Payload.Span);
                w.Complete(header);
                break;
            case MqttAckPacket p:
                w.WriteUInt16(p.PacketId);
                w.Complete((byte)(((int)p.Type << 4) | (p.Type == MqttPacketType.PubRel ? 2 : 0)));
                break;
            case SubscribePacket p:
                w.WriteUInt16(p.PacketId);
                foreach (var filter in p.Filters)
                {
                    w.WriteString(filter.Filter);
                    w.WriteByte(MqttDecoding.SubscriptionOptions(filter, v5: false));
                }

                w.Complete(0x82);
                break;
            case SubAckPacket p:
                w.WriteUInt16(p.PacketId);
                foreach (var code in p.ReasonCodes)
                {
                    w.WriteByte(code <= MqttReasonCode.GrantedQoS2 ? (byte)code : (byte)0x80);
                }

                w.Complete(0x90);
                break;
            case UnsubscribePacket p:
                w.WriteUInt16(p.PacketId);
                foreach (var filter in p.Filters)
                {
                    w.WriteString(filter);
                }

                w.Complete(0xA2);
                break;
            case UnsubAckPacket p:
                w.WriteUInt16(p.PacketId);
                w.Complete(0xB0);
                break;
            case PingReqPacket:
                w.Complete(0xC0);
                break;
            case PingRespPacket:
                w.Complete(0xD0);
                break;
            case DisconnectPacket:
                w.Complete(0xE0);
                break;
            default:
                throw new ArgumentException($"{packet.Type} cannot be sent in MQTT 3.1.1.", nameof(packet));
        }
    }
}
