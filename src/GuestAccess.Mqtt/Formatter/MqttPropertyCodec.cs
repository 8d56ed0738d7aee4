using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Reads and writes MQTT 5.0 properties, enforcing which packet may carry which property, duplicates and value ranges.</summary>
internal static class MqttPropertyCodec
{
    /// <summary>Context value for will properties (packet types use their own numbers 1..15).</summary>
    public const int WillContext = 0;

    private static readonly ushort[] Allowed = BuildAllowed();

    public static MqttProperties? Read(ref MqttSpanReader reader, int context)
    {
        var length = reader.ReadVariableByteInteger();
        if (length == 0)
        {
            return null;
        }

        if (length > reader.Remaining)
        {
            throw MqttProtocolException.Malformed("Property length exceeds the packet.");
        }

        var r = new MqttSpanReader(reader.ReadSpan((int)length));
        var properties = new MqttProperties();
        ulong seen = 0;
        while (!r.End)
        {
            var id = r.ReadVariableByteInteger();
            if (id >= Allowed.Length || Allowed[id] == 0)
            {
                throw MqttProtocolException.Malformed("Unknown property identifier.");
            }

            if ((Allowed[id] & (1 << context)) == 0)
            {
                throw MqttProtocolException.Protocol("Property not allowed in this packet.");
            }

            var repeatable = id == (uint)MqttPropertyId.UserProperty
                || (id == (uint)MqttPropertyId.SubscriptionIdentifier && context == (int)MqttPacketType.Publish);
            if (!repeatable)
            {
                if ((seen & (1UL << (int)id)) != 0)
                {
                    throw MqttProtocolException.Protocol("Property included more than once.");
                }

                seen |= 1UL << (int)id;
            }

            ReadOne(ref r, (MqttPropertyId)id, properties);
        }

        return properties;
    }

    private static void ReadOne(ref MqttSpanReader r, MqttPropertyId id, MqttProperties p)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator: p.PayloadFormatIndicator = Flag(ref r); break;
            case MqttPropertyId.MessageExpiryInterval: p.MessageExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.ContentType: p.ContentType = r.ReadString(); break;
            case MqttPropertyId.ResponseTopic: p.ResponseTopic = ReadResponseTopic(ref r); break;
            case MqttPropertyId.CorrelationData: p.CorrelationData = r.ReadBinary(); break;
            case MqttPropertyId.SubscriptionIdentifier:
                var subscriptionId = r.ReadVariableByteInteger();
                if (subscriptionId == 0)
                {
                    throw MqttProtocolException.Protocol("Subscription identifier 0.");
                }

                (p.SubscriptionIdentifiers ??= []).Add(subscriptionId);
                break;
            case MqttPropertyId.SessionExpiryInterval: p.SessionExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.AssignedClientIdentifier: p.AssignedClientIdentifier = r.ReadString(); break;
            case MqttPropertyId.ServerKeepAlive: p.ServerKeepAlive = r.ReadUInt16(); break;
            case MqttPropertyId.AuthenticationMethod: p.AuthenticationMethod = r.ReadString(); break;
            case MqttPropertyId.AuthenticationData: p.AuthenticationData = r.ReadBinary(); break;
            case MqttPropertyId.RequestProblemInformation: p.RequestProblemInformation = Flag(ref r); break;
            case MqttPropertyId.WillDelayInterval: p.WillDelayInterval = r.ReadUInt32(); break;
            case MqttPropertyId.RequestResponseInformation: p.RequestResponseInformation = Flag(ref r); break;
            case MqttPropertyId.ResponseInformation: p.ResponseInformation = r.ReadString(); break;
            case MqttPropertyId.ServerReference: p.ServerReference = r.ReadString(); break;
            case MqttPropertyId.ReasonString: p.ReasonString = r.ReadString(); break;
            case MqttPropertyId.ReceiveMaximum: p.ReceiveMaximum = NonZero(r.ReadUInt16(), "Receive maximum"); break;
            case MqttPropertyId.TopicAliasMaximum: p.TopicAliasMaximum = r.ReadUInt16(); break;
            case MqttPropertyId.TopicAlias: p.TopicAlias = NonZero(r.ReadUInt16(), "Topic alias"); break;
            case MqttPropertyId.MaximumQoS: p.MaximumQoS = Flag(ref r); break;
            case MqttPropertyId.RetainAvailable: p.RetainAvailable = Flag(ref r); break;
            case MqttPropertyId.UserProperty:
                var name = r.ReadString();
                (p.UserProperties ??= []).Add(new MqttUserProperty(name, r.ReadString()));
                break;
            case MqttPropertyId.MaximumPacketSize:
                var max = r.ReadUInt32();
                p.MaximumPacketSize = max == 0 ? throw MqttProtocolException.Protocol("Maximum packet size 0.") : max;
                break;
            case MqttPropertyId.WildcardSubscriptionAvailable: p.WildcardSubscriptionAvailable = Flag(ref r); break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: p.SubscriptionIdentifierAvailable = Flag(ref r); break;
            case MqttPropertyId.SharedSubscriptionAvailable: p.SharedSubscriptionAvailable = Flag(ref r); break;
            default: throw MqttProtocolException.Malformed("Unknown property identifier.");
        }
    }

    public static void Write(MqttBufferWriter w, MqttProperties? p, int context)
    {
        var mark = w.BeginLengthPrefixed();
        if (p is not null)
        {
            WriteAll(w, p, context);
        }

        w.EndLengthPrefixed(mark);
    }

    private static void WriteAll(MqttBufferWriter w, MqttProperties p, int context)
    {
        Byte(w, context, MqttPropertyId.PayloadFormatIndicator, p.PayloadFormatIndicator);
        UInt32(w, context, MqttPropertyId.MessageExpiryInterval, p.MessageExpiryInterval);
        String(w, context, MqttPropertyId.ContentType, p.ContentType);
        String(w, context, MqttPropertyId.ResponseTopic, p.ResponseTopic);
        Binary(w, context, MqttPropertyId.CorrelationData, p.CorrelationData);
        if (p.SubscriptionIdentifiers is { } ids)
        {
            foreach (var id in ids)
            {
                Id(w, context, MqttPropertyId.SubscriptionIdentifier);
                w.WriteVariableByteInteger(id);
            }
        }

        UInt32(w, context, MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval);
        String(w, context, MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier);
        UInt16(w, context, MqttPropertyId.ServerKeepAlive, p.ServerKeepAlive);
        String(w, context, MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        Binary(w, context, MqttPropertyId.AuthenticationData, p.AuthenticationData);
        Byte(w, context, MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation);
        UInt32(w, context, MqttPropertyId.WillDelayInterval, p.WillDelayInterval);
        Byte(w, context, MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation);
        String(w, context, MqttPropertyId.ResponseInformation, p.ResponseInformation);
        String(w, context, MqttPropertyId.ServerReference, p.ServerReference);
        String(w, context, MqttPropertyId.ReasonString, p.ReasonString);
        UInt16(w, context, MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum);
        UInt16(w, context, MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum);
        UInt16(w, context, MqttPropertyId.TopicAlias, p.TopicAlias);
        Byte(w, context, MqttPropertyId.MaximumQoS, p.MaximumQoS);
        Byte(w, context, MqttPropertyId.RetainAvailable, p.RetainAvailable);
        if (p.UserProperties is { } users)
        {
            foreach (var user in users)
            {
                Id(w, context, MqttPropertyId.UserProperty);
                w.WriteString(user.Name);
                w.WriteString(user.Value);
            }
        }

        UInt32(w, context, MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize);
        Byte(w, context, MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable);
        Byte(w, context, MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifierAvailable);
        Byte(w, context, MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable);
    }

    private static void Id(MqttBufferWriter w, int context, MqttPropertyId id)
    {
        if ((Allowed[(int)id] & (1 << context)) == 0)
        {
            throw new ArgumentException($"Property {id} is not allowed in this packet.");
        }

        w.WriteByte((byte)id);
    }

    private static void Byte(MqttBufferWriter w, int c, MqttPropertyId id, byte? v)
    {
        if (v is { } value)
        {
            Id(w, c, id);
            w.WriteByte(value);
        }
    }

    private static void UInt16(MqttBufferWriter w, int c, MqttPropertyId id, ushort? v)
    {
        if (v is { } value)
        {
            Id(w, c, id);
            w.WriteUInt16(value);
        }
    }

    private static void UInt32(MqttBufferWriter w, int c, MqttPropertyId id, uint? v)
    {
        if (v is { } value)
        {
            Id(w, c, id);
            w.WriteUInt32(value);
        }
    }

    private static void String(MqttBufferWriter w, int c, MqttPropertyId id, string? v)
    {
        if (v is not null)
        {
            Id(w, c, id);
            w.WriteString(v);
        }
    }

    private static void Binary(MqttBufferWriter w, int c, MqttPropertyId id, byte[]? v)
    {
        if (v is not null)
        {
            Id(w, c, id);
            w.WriteBinary(v);
        }
    }

    private static string ReadResponseTopic(ref MqttSpanReader r)
    {
        var topic = r.ReadString();
        if (!MqttTopic.IsValidTopicName(topic))
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "Response topic is not a valid topic name.");
        }

        return topic;
    }

    private static byte Flag(ref MqttSpanReader r)
    {
        var value = r.ReadByte();
        return value <= 1 ? value : throw MqttProtocolException.Protocol("Property value must be 0 or 1.");
    }

    private static ushort NonZero(ushort value, string what) =>
        value != 0 ? value : throw MqttProtocolException.Protocol(what + " must not be 0.");

    private static ushort[] BuildAllowed()
    {
        const int Will = WillContext;
        const int Connect = (int)MqttPacketType.Connect, ConnAck = (int)MqttPacketType.ConnAck, Publish = (int)MqttPacketType.Publish;
        const int PubAck = (int)MqttPacketType.PubAck, PubRec = (int)MqttPacketType.PubRec, PubRel = (int)MqttPacketType.PubRel;
        const int PubComp = (int)MqttPacketType.PubComp, Subscribe = (int)MqttPacketType.Subscribe, SubAck = (int)MqttPacketType.SubAck;
        const int Unsubscribe = (int)MqttPacketType.Unsubscribe, UnsubAck = (int)MqttPacketType.UnsubAck;
        const int Disconnect = (int)MqttPacketType.Disconnect, Auth = (int)MqttPacketType.Auth;
        var a = new ushort[0x2B];
        void Set(MqttPropertyId id, params int[] contexts)
        {
            foreach (var c in contexts)
            {
                a[(int)id] |= (ushort)(1 << c);
            }
        }

        Set(MqttPropertyId.PayloadFormatIndicator, Publish, Will);
        Set(MqttPropertyId.MessageExpiryInterval, Publish, Will);
        Set(MqttPropertyId.ContentType, Publish, Will);
        Set(MqttPropertyId.ResponseTopic, Publish, Will);
        Set(MqttPropertyId.CorrelationData, Publish, Will);
        Set(MqttPropertyId.SubscriptionIdentifier, Publish, Subscribe);
        Set(MqttPropertyId.SessionExpiryInterval, Connect, ConnAck, Disconnect);
        Set(MqttPropertyId.AssignedClientIdentifier, ConnAck);
        Set(MqttPropertyId.ServerKeepAlive, ConnAck);
        Set(MqttPropertyId.AuthenticationMethod, Connect, ConnAck, Auth);
        Set(MqttPropertyId.AuthenticationData, Connect, ConnAck, Auth);
        Set(MqttPropertyId.RequestProblemInformation, Connect);
        Set(MqttPropertyId.WillDelayInterval, Will);
        Set(MqttPropertyId.RequestResponseInformation, Connect);
        Set(MqttPropertyId.ResponseInformation, ConnAck);
        Set(MqttPropertyId.ServerReference, ConnAck, Disconnect);
        Set(MqttPropertyId.ReasonString, ConnAck, PubAck, PubRec, PubRel, PubComp, SubAck, UnsubAck, Disconnect, Auth);
        Set(MqttPropertyId.ReceiveMaximum, Connect, ConnAck);
        Set(MqttPropertyId.TopicAliasMaximum, Connect, ConnAck);
        Set(MqttPropertyId.TopicAlias, Publish);
        Set(MqttPropertyId.MaximumQoS, ConnAck);
        Set(MqttPropertyId.RetainAvailable, ConnAck);
        Set(MqttPropertyId.UserProperty, Connect, ConnAck, Publish, Will, PubAck, PubRec, PubRel, PubComp, Subscribe, SubAck, Unsubscribe, UnsubAck, Disconnect, Auth);
        Set(MqttPropertyId.MaximumPacketSize, Connect, ConnAck);
        Set(MqttPropertyId.WildcardSubscriptionAvailable, ConnAck);
        Set(MqttPropertyId.SubscriptionIdentifierAvailable, ConnAck);
        Set(MqttPropertyId.SharedSubscriptionAvailable, ConnAck);
        return a;
    }
}
