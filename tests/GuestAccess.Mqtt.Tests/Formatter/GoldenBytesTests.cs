using System.Text;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Formatter;

/// <summary>
/// Every control packet in both versions against bytes written by hand from the specification
/// (OASIS MQTT 3.1.1 and 5.0, chapter 3), not produced by our encoder. Each case is checked both
/// ways: our encoder must produce the bytes, and decoding them must give back a packet that
/// encodes to the same bytes (so the decoder kept every field).
/// </summary>
public sealed class GoldenBytesTests
{
    private static readonly byte[] Hi = "hi"u8.ToArray();

    public static TheoryData<string, MqttProtocolVersion, MqttPacket, byte[]> Cases => new()
    {
        // ---------- MQTT 3.1.1 ----------
        { "3.1.1 CONNECT minimal", MqttProtocolVersion.V311, new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "c1", CleanStart = true, KeepAliveSeconds = 60 },
            Bytes.Of(0x10, 0x0E, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x3C, 0x00, 0x02, "c1") },
        { "3.1.1 CONNECT will+user+password", MqttProtocolVersion.V311, new ConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V311, ClientId = "c", CleanStart = true, KeepAliveSeconds = 10, Username = "u", Password = "p"u8.ToArray(),
                Will = new MqttWill { Topic = "w", Payload = "x"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = true },
            },
            Bytes.Of(0x10, 0x19, 0x00, 0x04, "MQTT", 0x04, 0xEE, 0x00, 0x0A, 0x00, 0x01, "c", 0x00, 0x01, "w", 0x00, 0x01, "x", 0x00, 0x01, "u", 0x00, 0x01, "p") },
        { "3.1.1 CONNACK session present", MqttProtocolVersion.V311, new ConnAckPacket { SessionPresent = true }, Bytes.Of(0x20, 0x02, 0x01, 0x00) },
        { "3.1.1 CONNACK bad credentials", MqttProtocolVersion.V311, new ConnAckPacket { ReasonCode = MqttReasonCode.BadUserNameOrPassword }, Bytes.Of(0x20, 0x02, 0x00, 0x04) },
        { "3.1.1 CONNACK not authorized", MqttProtocolVersion.V311, new ConnAckPacket { ReasonCode = MqttReasonCode.NotAuthorized }, Bytes.Of(0x20, 0x02, 0x00, 0x05) },
        { "3.1.1 PUBLISH QoS 0", MqttProtocolVersion.V311, new PublishPacket { Topic = "a/b", Payload = Hi }, Bytes.Of(0x30, 0x07, 0x00, 0x03, "a/b", "hi") },
        { "3.1.1 PUBLISH QoS 1 dup retain", MqttProtocolVersion.V311, new PublishPacket { Topic = "a/b", Payload = Hi, QualityOfService = MqttQualityOfService.AtLeastOnce, Dup = true, Retain = true, PacketId = 10 },
            Bytes.Of(0x3B, 0x09, 0x00, 0x03, "a/b", 0x00, 0x0A, "hi") },
        { "3.1.1 PUBLISH QoS 2", MqttProtocolVersion.V311, new PublishPacket { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketId = 0x1234 },
            Bytes.Of(0x34, 0x05, 0x00, 0x01, "t", 0x12, 0x34) },
        { "3.1.1 PUBACK", MqttProtocolVersion.V311, new PubAckPacket { PacketId = 10 }, Bytes.Of(0x40, 0x02, 0x00, 0x0A) },
        { "3.1.1 PUBREC", MqttProtocolVersion.V311, new PubRecPacket { PacketId = 10 }, Bytes.Of(0x50, 0x02, 0x00, 0x0A) },
        { "3.1.1 PUBREL", MqttProtocolVersion.V311, new PubRelPacket { PacketId = 10 }, Bytes.Of(0x62, 0x02, 0x00, 0x0A) },
        { "3.1.1 PUBCOMP", MqttProtocolVersion.V311, new PubCompPacket { PacketId = 10 }, Bytes.Of(0x70, 0x02, 0x00, 0x0A) },
        { "3.1.1 SUBSCRIBE", MqttProtocolVersion.V311, new SubscribePacket { PacketId = 1, Filters = [new MqttTopicFilter("a/#", MqttQualityOfService.AtLeastOnce)] },
            Bytes.Of(0x82, 0x08, 0x00, 0x01, 0x00, 0x03, "a/#", 0x01) },
        { "3.1.1 SUBACK", MqttProtocolVersion.V311, new SubAckPacket { PacketId = 1, ReasonCodes = [MqttReasonCode.GrantedQoS1, MqttReasonCode.UnspecifiedError] },
            Bytes.Of(0x90, 0x04, 0x00, 0x01, 0x01, 0x80) },
        { "3.1.1 UNSUBSCRIBE", MqttProtocolVersion.V311, new UnsubscribePacket { PacketId = 1, Filters = ["a/#"] }, Bytes.Of(0xA2, 0x07, 0x00, 0x01, 0x00, 0x03, "a/#") },
        { "3.1.1 UNSUBACK", MqttProtocolVersion.V311, new UnsubAckPacket { PacketId = 1 }, Bytes.Of(0xB0, 0x02, 0x00, 0x01) },
        { "3.1.1 PINGREQ", MqttProtocolVersion.V311, PingReqPacket.Instance, Bytes.Of(0xC0, 0x00) },
        { "3.1.1 PINGRESP", MqttProtocolVersion.V311, PingRespPacket.Instance, Bytes.Of(0xD0, 0x00) },
        { "3.1.1 DISCONNECT", MqttProtocolVersion.V311, DisconnectPacket.Normal, Bytes.Of(0xE0, 0x00) },

        // ---------- MQTT 5.0 ----------
        { "5.0 CONNECT session expiry", MqttProtocolVersion.V500, new ConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V500, ClientId = "c1", CleanStart = true, KeepAliveSeconds = 60, Properties = new MqttProperties { SessionExpiryInterval = 3600 },
            },
            Bytes.Of(0x10, 0x14, 0x00, 0x04, "MQTT", 0x05, 0x02, 0x00, 0x3C, 0x05, 0x11, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x02, "c1") },
        { "5.0 CONNECT will delay+user+password", MqttProtocolVersion.V500, new ConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V500, ClientId = "c", CleanStart = true, KeepAliveSeconds = 10, Username = "u", Password = "p"u8.ToArray(),
                Will = new MqttWill { Topic = "w", Payload = "x"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = true, Properties = new MqttProperties { WillDelayInterval = 5 } },
            },
            Bytes.Of(0x10, 0x20, 0x00, 0x04, "MQTT", 0x05, 0xEE, 0x00, 0x0A, 0x00, 0x00, 0x01, "c", 0x05, 0x18, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, "w", 0x00, 0x01, "x", 0x00, 0x01, "u", 0x00, 0x01, "p") },
        { "5.0 CONNACK properties", MqttProtocolVersion.V500, new ConnAckPacket { Properties = new MqttProperties { ReceiveMaximum = 100, TopicAliasMaximum = 10 } },
            Bytes.Of(0x20, 0x09, 0x00, 0x00, 0x06, 0x21, 0x00, 0x64, 0x22, 0x00, 0x0A) },
        { "5.0 CONNACK refused", MqttProtocolVersion.V500, new ConnAckPacket { ReasonCode = MqttReasonCode.NotAuthorized }, Bytes.Of(0x20, 0x03, 0x00, 0x87, 0x00) },
        { "5.0 PUBLISH QoS 0", MqttProtocolVersion.V500, new PublishPacket { Topic = "a/b", Payload = Hi }, Bytes.Of(0x30, 0x08, 0x00, 0x03, "a/b", 0x00, "hi") },
        { "5.0 PUBLISH QoS 1 content type + user property", MqttProtocolVersion.V500, new PublishPacket
            {
                Topic = "a/b", Payload = Hi, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketId = 10,
                Properties = new MqttProperties { ContentType = "t", UserProperties = [new MqttUserProperty("k", "v")] },
            },
            Bytes.Of(0x32, 0x15, 0x00, 0x03, "a/b", 0x00, 0x0A, 0x0B, 0x03, 0x00, 0x01, "t", 0x26, 0x00, 0x01, "k", 0x00, 0x01, "v", "hi") },
        { "5.0 PUBLISH response topic + correlation data", MqttProtocolVersion.V500, new PublishPacket
            {
                Topic = "q", Properties = new MqttProperties { ResponseTopic = "r", CorrelationData = [0xCA, 0xFE] },
            },
            Bytes.Of(0x30, 0x0D, 0x00, 0x01, "q", 0x09, 0x08, 0x00, 0x01, "r", 0x09, 0x00, 0x02, 0xCA, 0xFE) },
        { "5.0 PUBLISH topic alias only", MqttProtocolVersion.V500, new PublishPacket { Topic = "", Payload = Hi, Properties = new MqttProperties { TopicAlias = 1 } },
            Bytes.Of(0x30, 0x08, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01, "hi") },
        { "5.0 PUBACK success short form", MqttProtocolVersion.V500, new PubAckPacket { PacketId = 10 }, Bytes.Of(0x40, 0x02, 0x00, 0x0A) },
        { "5.0 PUBACK not authorized", MqttProtocolVersion.V500, new PubAckPacket { PacketId = 10, ReasonCode = MqttReasonCode.NotAuthorized }, Bytes.Of(0x40, 0x03, 0x00, 0x0A, 0x87) },
        { "5.0 PUBACK reason string", MqttProtocolVersion.V500, new PubAckPacket { PacketId = 10, ReasonCode = MqttReasonCode.NotAuthorized, Properties = new MqttProperties { ReasonString = "no" } },
            Bytes.Of(0x40, 0x09, 0x00, 0x0A, 0x87, 0x05, 0x1F, 0x00, 0x02, "no") },
        { "5.0 PUBREC", MqttProtocolVersion.V500, new PubRecPacket { PacketId = 10 }, Bytes.Of(0x50, 0x02, 0x00, 0x0A) },
        { "5.0 PUBREL", MqttProtocolVersion.V500, new PubRelPacket { PacketId = 10 }, Bytes.Of(0x62, 0x02, 0x00, 0x0A) },
        { "5.0 PUBCOMP not found", MqttProtocolVersion.V500, new PubCompPacket { PacketId = 10, ReasonCode = MqttReasonCode.PacketIdentifierNotFound }, Bytes.Of(0x70, 0x03, 0x00, 0x0A, 0x92) },
        { "5.0 SUBSCRIBE options + subscription id", MqttProtocolVersion.V500, new SubscribePacket
            {
                PacketId = 1, Properties = new MqttProperties { SubscriptionIdentifiers = [5] },
                Filters = [new MqttTopicFilter("a/+", MqttQualityOfService.AtLeastOnce, NoLocal: true, RetainAsPublished: true, MqttRetainHandling.DoNotSend)],
            },
            Bytes.Of(0x82, 0x0B, 0x00, 0x01, 0x02, 0x0B, 0x05, 0x00, 0x03, "a/+", 0x2D) },
        { "5.0 SUBACK", MqttProtocolVersion.V500, new SubAckPacket { PacketId = 1, ReasonCodes = [MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized] },
            Bytes.Of(0x90, 0x05, 0x00, 0x01, 0x00, 0x01, 0x87) },
        { "5.0 UNSUBSCRIBE", MqttProtocolVersion.V500, new UnsubscribePacket { PacketId = 1, Filters = ["a/+"] }, Bytes.Of(0xA2, 0x08, 0x00, 0x01, 0x00, 0x00, 0x03, "a/+") },
        { "5.0 UNSUBACK", MqttProtocolVersion.V500, new UnsubAckPacket { PacketId = 1, ReasonCodes = [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] },
            Bytes.Of(0xB0, 0x05, 0x00, 0x01, 0x00, 0x00, 0x11) },
        { "5.0 PINGREQ", MqttProtocolVersion.V500, PingReqPacket.Instance, Bytes.Of(0xC0, 0x00) },
        { "5.0 PINGRESP", MqttProtocolVersion.V500, PingRespPacket.Instance, Bytes.Of(0xD0, 0x00) },
        { "5.0 DISCONNECT normal short form", MqttProtocolVersion.V500, DisconnectPacket.Normal, Bytes.Of(0xE0, 0x00) },
        { "5.0 DISCONNECT server shutting down", MqttProtocolVersion.V500, new DisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown }, Bytes.Of(0xE0, 0x01, 0x8B) },
        { "5.0 DISCONNECT session expiry", MqttProtocolVersion.V500, new DisconnectPacket { Properties = new MqttProperties { SessionExpiryInterval = 0 } },
            Bytes.Of(0xE0, 0x07, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x00) },
        { "5.0 AUTH success short form", MqttProtocolVersion.V500, new AuthPacket(), Bytes.Of(0xF0, 0x00) },
        { "5.0 AUTH continue", MqttProtocolVersion.V500, new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, Properties = new MqttProperties { AuthenticationMethod = "m" } },
            Bytes.Of(0xF0, 0x06, 0x18, 0x04, 0x15, 0x00, 0x01, "m") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_SpecPacket_ProducesGoldenBytes(string name, MqttProtocolVersion version, MqttPacket packet, byte[] golden)
    {
        var encoded = MqttPacketFormatter.For(version).Encode(packet);
        Assert.True(golden.AsSpan().SequenceEqual(encoded), $"{name}: expected {Bytes.Hex(golden)} got {Bytes.Hex(encoded)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_GoldenBytes_ReencodesIdentically(string name, MqttProtocolVersion version, MqttPacket packet, byte[] golden)
    {
        var formatter = MqttPacketFormatter.For(version);
        var decoded = Bytes.Decode(formatter, golden);
        Assert.Equal(packet.Type, decoded.Type);
        var encoded = formatter.Encode(decoded);
        Assert.True(golden.AsSpan().SequenceEqual(encoded), $"{name}: re-encoded {Bytes.Hex(encoded)}");
    }

    [Fact]
    public void Decode_V5ConnectWithWill_ExposesEveryField()
    {
        var bytes = Bytes.Of(0x10, 0x20, 0x00, 0x04, "MQTT", 0x05, 0xEE, 0x00, 0x0A, 0x00, 0x00, 0x01, "c", 0x05, 0x18, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, "w", 0x00, 0x01, "x", 0x00, 0x01, "u", 0x00, 0x01, "p");
        var connect = MqttPacketFormatter.DecodeConnect(Frame(bytes));
        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
        Assert.Equal("c", connect.ClientId);
        Assert.Equal("u", connect.Username);
        Assert.Equal("p", Encoding.ASCII.GetString(connect.Password!));
        Assert.Equal((ushort)10, connect.KeepAliveSeconds);
        Assert.NotNull(connect.Will);
        Assert.Equal("w", connect.Will.Topic);
        Assert.True(connect.Will.Retain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.Will.QualityOfService);
        Assert.Equal(5u, connect.Will.Properties!.WillDelayInterval);
    }

    [Fact]
    public void Decode_V5PublishProperties_ExposesEveryField()
    {
        var bytes = Bytes.Of(0x32, 0x15, 0x00, 0x03, "a/b", 0x00, 0x0A, 0x0B, 0x03, 0x00, 0x01, "t", 0x26, 0x00, 0x01, "k", 0x00, 0x01, "v", "hi");
        var publish = (PublishPacket)Bytes.Decode(MqttPacketFormatter.V500, bytes);
        Assert.Equal("a/b", publish.Topic);
        Assert.Equal((ushort)10, publish.PacketId);
        Assert.Equal("hi", Encoding.ASCII.GetString(publish.Payload.Span));
        Assert.Equal("t", publish.Properties!.ContentType);
        Assert.Equal(new MqttUserProperty("k", "v"), Assert.Single(publish.Properties.UserProperties!));
    }

    [Fact]
    public void Decode_V311ConnAck_MapsReturnCodeToReasonCode()
    {
        var connAck = (ConnAckPacket)Bytes.Decode(MqttPacketFormatter.V311, Bytes.Of(0x20, 0x02, 0x00, 0x02));
        Assert.Equal(MqttReasonCode.ClientIdentifierNotValid, connAck.ReasonCode);
    }

    [Fact]
    public void Encode_TwoByteRemainingLength_UsesSpecExample()
    {
        // Spec 2.2.3: 321 = 0xC1 0x02. A PUBLISH with topic "t" (3 bytes) and a 318-byte payload has remaining length 321.
        var packet = new PublishPacket { Topic = "t", Payload = new byte[318] };
        var encoded = MqttPacketFormatter.V311.Encode(packet);
        Assert.Equal(new byte[] { 0x30, 0xC1, 0x02 }, encoded[..3]);
        Assert.Equal(3 + 321, encoded.Length);
    }

    private static MqttFrame Frame(byte[] bytes)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, 1024, out var frame));
        return frame;
    }
}
