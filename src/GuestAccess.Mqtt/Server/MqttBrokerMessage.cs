using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Server;

/// <summary>A message inside the broker: what was published, without connection-specific parts (alias, packet id).</summary>
internal sealed class MqttBrokerMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    public MqttProperties? Properties { get; init; }

    /// <summary>Environment.TickCount64 at which the 5.0 message expiry runs out; 0 = never.</summary>
    public long ExpiresAt { get; init; }

    /// <summary>The publishing session (for No Local); null for in-process publishes and wills.</summary>
    public MqttSession? Sender { get; init; }

    public bool IsExpired(long now) => ExpiresAt != 0 && now >= ExpiresAt;

    public static MqttBrokerMessage FromPublish(PublishPacket packet, string topic, MqttSession? sender, long now)
    {
        var properties = packet.Properties;
        if (properties?.TopicAlias is not null)
        {
            properties = properties.Clone();
            properties.TopicAlias = null;
        }

        return new MqttBrokerMessage
        {
            Topic = topic,
            Payload = packet.Payload,
            QualityOfService = packet.QualityOfService,
            Retain = packet.Retain,
            Properties = properties,
            ExpiresAt = properties?.MessageExpiryInterval is { } seconds ? now + (seconds * 1000L) : 0,
            Sender = sender,
        };
    }

    public static MqttBrokerMessage FromApplicationMessage(MqttApplicationMessage message, long now)
    {
        var properties = MqttMessageProperties.From(message);
        return new MqttBrokerMessage
        {
            Topic = message.Topic,
            Payload = message.Payload,
            QualityOfService = message.QualityOfService,
            Retain = message.Retain,
            Properties = properties,
            ExpiresAt = message.MessageExpiryInterval is { } seconds ? now + (seconds * 1000L) : 0,
        };
    }

    /// <summary>The PUBLISH for one subscriber, or null when the message has expired.</summary>
    public PublishPacket? ToPublish(MqttQualityOfService qos, bool retain, ushort packetId, bool dup, uint subscriptionId, long now)
    {
        var properties = Properties;
        if (ExpiresAt != 0 || subscriptionId != 0)
        {
            if (IsExpired(now))
            {
                return null;
            }

            properties = properties?.Clone() ?? new MqttProperties();
            if (ExpiresAt != 0)
            {
                properties.MessageExpiryInterval = (uint)Math.Max(1, (ExpiresAt - now + 999) / 1000);
            }

            if (subscriptionId != 0)
            {
                properties.SubscriptionIdentifiers = [subscriptionId];
            }
        }

        return new PublishPacket
        {
            Topic = Topic,
            Payload = Payload,
            QualityOfService = qos,
            Retain = retain,
            Dup = dup,
            PacketId = packetId,
            Properties = properties,
        };
    }
}
