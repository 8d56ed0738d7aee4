using FsCheck;
using FsCheck.Fluent;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>FsCheck generators for topics, filters and packets.</summary>
internal static class MqttGenerators
{
    private static readonly string[] TopicLevels = ["a", "b", "c", "", "sport", "x y", "ø", "日本", "$SYS", "locks"];
    private static readonly string[] FilterLevels = ["a", "b", "c", "", "sport", "+", "ø", "$SYS"];

    public static Gen<string> Topic =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(TopicLevels), n)).Select(levels => string.Join('/', levels))
            .Where(t => t.Length > 0);

    public static Gen<string> Filter =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(FilterLevels), n))
            .SelectMany(levels => Gen.Elements(false, true).Select(hash => hash ? [.. levels, "#"] : levels))
            .Select(levels => string.Join('/', levels))
            .Where(f => f.Length > 0);

    public static Gen<byte[]> Payload => Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static Gen<MqttProperties?> PublishProperties =>
        Gen.Elements(0, 1, 2, 3, 4).Select<int, MqttProperties?>(kind => kind switch
        {
            0 => null,
            1 => new MqttProperties { ContentType = "application/json", PayloadFormatIndicator = 1 },
            2 => new MqttProperties { UserProperties = [new("trace", "00-ab"), new("trace", "dup")], MessageExpiryInterval = 30 },
            3 => new MqttProperties { ResponseTopic = "reply/x", CorrelationData = [1, 2, 3] },
            _ => new MqttProperties { TopicAlias = 3, UserProperties = [new("k", "")] },
        });

    public static Gen<PublishPacket> Publish(bool v5) =>
        from topic in Topic
        from payload in Payload
        from qos in Gen.Elements(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce)
        from retain in Gen.Elements(false, true)
        from dup in Gen.Elements(false, true)
        from id in Gen.Choose(1, ushort.MaxValue)
        from properties in PublishProperties
        select new PublishPacket
        {
            Topic = topic,
            Payload = payload,
            QualityOfService = qos,
            Retain = retain,
            Dup = dup && qos != MqttQualityOfService.AtMostOnce,
            PacketId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)id,
            Properties = v5 ? properties : null,
        };

    public static Gen<SubscribePacket> Subscribe(bool v5) =>
        from count in Gen.Choose(1, 3)
        from filters in Gen.ArrayOf(
            from filter in Filter
            from qos in Gen.Elements(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce)
            from noLocal in Gen.Elements(false, true)
            from rap in Gen.Elements(false, true)
            from handling in Gen.Elements(MqttRetainHandling.SendAtSubscribe, MqttRetainHandling.SendAtSubscribeIfNew, MqttRetainHandling.DoNotSend)
            select v5 ? new MqttTopicFilter(filter, qos, noLocal, rap, handling) : new MqttTopicFilter(filter, qos),
            count)
        from id in Gen.Choose(1, ushort.MaxValue)
        from subscriptionId in Gen.Choose(0, 268_435_455)
        select new SubscribePacket
        {
            PacketId = (ushort)id,
            Filters = filters,
            Properties = v5 && subscriptionId > 0 ? new MqttProperties { SubscriptionIdentifiers = [(uint)subscriptionId] } : null,
        };

    public static Gen<ConnectPacket> Connect(bool v5) =>
        from clientId in Gen.Elements("", "lock-1", "ø-client", "c")
        from clean in Gen.Elements(false, true)
        from keepAlive in Gen.Choose(0, ushort.MaxValue)
        from user in Gen.Elements<string?>(null, "user", "")
        from password in Gen.Elements<byte[]?>(null, [], [1, 2, 3])
        from hasWill in Gen.Elements(false, true)
        from willQos in Gen.Elements(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce)
        from willTopic in Topic
        from expiry in Gen.Choose(0, 100_000)
        select new ConnectPacket
        {
            ProtocolVersion = v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            ClientId = clientId,
            CleanStart = clean,
            KeepAliveSeconds = (ushort)keepAlive,
            Username = !v5 && password is not null ? user ?? "u" : user,
            Password = password,
            Will = hasWill ? new MqttWill { Topic = willTopic, Payload = new byte[] { 9 }, QualityOfService = willQos, Retain = clean, Properties = v5 ? new MqttProperties { WillDelayInterval = (uint)expiry } : null } : null,
            Properties = v5 ? new MqttProperties { SessionExpiryInterval = (uint)expiry, ReceiveMaximum = 10 } : null,
        };
}
