using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>
/// CONNECT in both versions. It is decoded before the protocol version of a connection is known,
/// so it lives apart from the per-version codecs.
/// </summary>
internal static class MqttConnectCodec
{
    public static ConnectPacket Decode(int flags, ReadOnlySpan<byte> body)
    {
        MqttDecoding.ExpectFlags(flags, 0, MqttPacketType.Connect);
        var r = new MqttSpanReader(body);
        var protocolName = r.ReadBinarySpan();
        var level = r.ReadByte();
        if (!protocolName.SequenceEqual("MQTT"u8))
        {
            if (protocolName.SequenceEqual("MQIsdp"u8))
            {
                throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, "MQTT 3.1 (MQIsdp) is not supported.");
            }

            throw MqttProtocolException.Malformed("Unknown protocol name.");
        }

        if (level is not (4 or 5))
        {
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, "Unsupported protocol level.");
        }

        var version = (MqttProtocolVersion)level;
        var connectFlags = r.ReadByte();
        if ((connectFlags & 0x01) != 0)
        {
            throw MqttProtocolException.Malformed("CONNECT reserved flag is set.");
        }

        var cleanStart = (connectFlags & 0x02) != 0;
        var willFlag = (connectFlags & 0x04) != 0;
        var willQos = (connectFlags >> 3) & 0x03;
        var willRetain = (connectFlags & 0x20) != 0;
        var hasPassword = (connectFlags & 0x40) != 0;
        var hasUsername = (connectFlags & 0x80) != 0;
        if (willQos == 3)
        {
            throw MqttProtocolException.Malformed("Will QoS 3.");
        }

        if (!willFlag && (willQos != 0 || willRetain))
        {
            throw MqttProtocolException.Malformed("Will QoS or retain set without a will.");
        }

        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUsername)
        {
            throw MqttProtocolException.Malformed("Password without user name.");
        }

        var keepAlive = r.ReadUInt16();
        var properties = version == MqttProtocolVersion.V500 ? MqttPropertyCodec.Read(ref r, (int)MqttPacketType.Connect) : null;
        var clientId = r.ReadString();
        MqttWill? will = null;
        if (willFlag)
        {
            var willProperties = version == MqttProtocolVersion.V500 ? MqttPropertyCodec.Read(ref r, MqttPropertyCodec.WillContext) : null;
            var willTopic = r.ReadString();
            if (!MqttTopic.IsValidTopicName(willTopic))
            {
                throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "Will topic is not a valid topic name.");
            }

            will = new MqttWill
            {
                Topic = willTopic,
                Payload = r.ReadBinary(),
                QualityOfService = (MqttQualityOfService)willQos,
                Retain = willRetain,
                Properties = willProperties,
            };
        }

        var username = hasUsername ? r.ReadString() : null;
        var password = hasPassword ? r.ReadBinary() : null;
        MqttDecoding.ExpectEnd(ref r);
        return new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = clientId,
            CleanStart = cleanStart,
            KeepAliveSeconds = keepAlive,
            Username = username,
            Password = password,
            Will = will,
            Properties = properties,
        };
    }

    public static void Encode(ConnectPacket p, MqttBufferWriter w)
    {
        var v5 = p.ProtocolVersion == MqttProtocolVersion.V500;
        w.WriteString("MQTT");
        w.WriteByte((byte)p.ProtocolVersion);
        byte flags = 0;
        if (p.CleanStart)
        {
            flags |= 0x02;
        }

        if (p.Will is { } will)
        {
            flags |= (byte)(0x04 | ((int)will.QualityOfService << 3) | (will.Retain ? 0x20 : 0));
        }

        if (p.Password is not null)
        {
            flags |= 0x40;
        }

        if (p.Username is not null)
        {
            flags |= 0x80;
        }

        w.WriteByte(flags);
        w.WriteUInt16(p.KeepAliveSeconds);
        if (v5)
        {
            MqttPropertyCodec.Write(w, p.Properties, (int)MqttPacketType.Connect);
        }

        w.WriteString(p.ClientId);
        if (p.Will is { } w2)
        {
            if (v5)
            {
                MqttPropertyCodec.Write(w, w2.Properties, MqttPropertyCodec.WillContext);
            }

            w.WriteString(w2.Topic);
            w.WriteBinary(w2.Payload.Span);
        }

        if (p.Username is not null)
        {
            w.WriteString(p.Username);
        }

        if (p.Password is not null)
        {
            w.WriteBinary(p.Password);
        }

        w.Complete(0x10);
    }
}
