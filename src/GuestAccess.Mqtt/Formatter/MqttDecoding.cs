using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Checks shared by both versions' decoders.</summary>
internal static class MqttDecoding
{
    public static void ExpectFlags(int flags, int expected, MqttPacketType type)
    {
        if (flags != expected)
        {
            throw MqttProtocolException.Malformed($"Reserved flags of {type} are wrong.");
        }
    }

    public static void ExpectEnd(ref MqttSpanReader reader)
    {
        if (!reader.End)
        {
            throw MqttProtocolException.Malformed("Packet has trailing bytes.");
        }
    }

    public static ushort ReadPacketId(ref MqttSpanReader reader)
    {
        var id = reader.ReadUInt16();
        return id != 0 ? id : throw MqttProtocolException.Malformed("Packet identifier 0.");
    }

    /// <summary>Fixed header flags and variable header of PUBLISH, up to (not including) properties.</summary>
    public static (string Topic, MqttQualityOfService Qos, bool Dup, bool Retain, ushort PacketId) ReadPublishHeader(int flags, ref MqttSpanReader r)
    {
        var qos = (flags >> 1) & 0x03;
        if (qos == 3)
        {
            throw MqttProtocolException.Malformed("PUBLISH with QoS 3.");
        }

        var dup = (flags & 0x08) != 0;
        if (dup && qos == 0)
        {
            throw MqttProtocolException.Malformed("DUP set on a QoS 0 PUBLISH.");
        }

        var topic = r.ReadString();
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "Topic name contains a wildcard.");
        }

        var packetId = qos > 0 ? ReadPacketId(ref r) : (ushort)0;
        return (topic, (MqttQualityOfService)qos, dup, (flags & 0x01) != 0, packetId);
    }

    public static byte PublishHeader(PublishPacket p)
    {
        if (p.QualityOfService > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentException("Invalid QoS.", nameof(p));
        }

        if ((p.QualityOfService == MqttQualityOfService.AtMostOnce) != (p.PacketId == 0))
        {
            throw new ArgumentException("A packet identifier is required exactly for QoS 1 and 2.", nameof(p));
        }

        return (byte)(0x30 | (p.Dup ? 0x08 : 0) | ((int)p.QualityOfService << 1) | (p.Retain ? 0x01 : 0));
    }

    public static MqttTopicFilter[] ReadFilters(ref MqttSpanReader r, bool v5)
    {
        var filters = new List<MqttTopicFilter>(1);
        while (!r.End)
        {
            var filter = r.ReadString();
            var options = r.ReadByte();
            var qos = options & 0x03;
            if (qos == 3)
            {
                throw MqttProtocolException.Malformed("Subscription QoS 3.");
            }

            if (!v5)
            {
                if ((options & 0xFC) != 0)
                {
                    throw MqttProtocolException.Malformed("Reserved subscription option bits set.");
                }

                filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)qos));
                continue;
            }

            var retainHandling = (options >> 4) & 0x03;
            if ((options & 0xC0) != 0 || retainHandling == 3)
            {
                throw MqttProtocolException.Malformed("Reserved subscription option bits set.");
            }

            var noLocal = (options & 0x04) != 0;
            if (noLocal && MqttTopic.IsShared(filter))
            {
                throw MqttProtocolException.Protocol("No Local on a shared subscription.");
            }

            filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)qos, noLocal, (options & 0x08) != 0, (MqttRetainHandling)retainHandling));
        }

        return filters.Count > 0 ? [.. filters] : throw MqttProtocolException.Protocol("SUBSCRIBE without topic filters.");
    }

    public static string[] ReadUnsubscribeFilters(ref MqttSpanReader r)
    {
        var filters = new List<string>(1);
        while (!r.End)
        {
            filters.Add(r.ReadString());
        }

        return filters.Count > 0 ? [.. filters] : throw MqttProtocolException.Protocol("UNSUBSCRIBE without topic filters.");
    }

    public static byte SubscriptionOptions(MqttTopicFilter f, bool v5) =>
        (byte)((int)f.QualityOfService | (v5 ? (f.NoLocal ? 0x04 : 0) | (f.RetainAsPublished ? 0x08 : 0) | ((int)f.RetainHandling << 4) : 0));
}
