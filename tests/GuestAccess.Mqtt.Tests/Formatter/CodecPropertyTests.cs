using FsCheck;
using FsCheck.Fluent;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Formatter;

/// <summary>Round trips of generated packets through both codecs (encode, decode, encode gives the same bytes).</summary>
public sealed class CodecPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Publish_AnyValidPacket_RoundTrips(MqttProtocolVersion version)
    {
        var formatter = MqttPacketFormatter.For(version);
        Check.One(Config, Prop.ForAll(MqttGenerators.Publish(version == MqttProtocolVersion.V500).ToArbitrary(), packet =>
        {
            var bytes = formatter.Encode(packet);
            var decoded = (PublishPacket)Bytes.Decode(formatter, bytes);
            return decoded.Topic == packet.Topic
                && decoded.Payload.Span.SequenceEqual(packet.Payload.Span)
                && decoded.QualityOfService == packet.QualityOfService
                && decoded.Retain == packet.Retain
                && decoded.Dup == packet.Dup
                && decoded.PacketId == packet.PacketId
                && formatter.Encode(decoded).AsSpan().SequenceEqual(bytes);
        }));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Subscribe_AnyValidPacket_RoundTrips(MqttProtocolVersion version)
    {
        var formatter = MqttPacketFormatter.For(version);
        Check.One(Config, Prop.ForAll(MqttGenerators.Subscribe(version == MqttProtocolVersion.V500).ToArbitrary(), packet =>
        {
            if (packet.Filters.Any(f => f.NoLocal && MqttTopic.IsShared(f.Filter)))
            {
                return true;
            }

            var bytes = formatter.Encode(packet);
            var decoded = (SubscribePacket)Bytes.Decode(formatter, bytes);
            return decoded.Filters.SequenceEqual(packet.Filters) && formatter.Encode(decoded).AsSpan().SequenceEqual(bytes);
        }));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Connect_AnyValidPacket_RoundTrips(MqttProtocolVersion version)
    {
        var formatter = MqttPacketFormatter.For(version);
        Check.One(Config, Prop.ForAll(MqttGenerators.Connect(version == MqttProtocolVersion.V500).ToArbitrary(), packet =>
        {
            var bytes = formatter.Encode(packet);
            var decoded = (ConnectPacket)Bytes.Decode(formatter, bytes);
            return decoded.ProtocolVersion == version
                && decoded.ClientId == packet.ClientId
                && decoded.Username == packet.Username
                && decoded.Will?.Topic == packet.Will?.Topic
                && formatter.Encode(decoded).AsSpan().SequenceEqual(bytes);
        }));
    }

    [Fact]
    public void RemainingLength_EveryBoundary_RoundTripsThroughFrameReader()
    {
        foreach (var length in new[] { 0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152 })
        {
            var payload = new byte[Math.Max(0, length - 3)];
            var packet = new PublishPacket { Topic = "t", Payload = payload };
            var bytes = MqttPacketFormatter.V311.Encode(packet);
            var decoded = (PublishPacket)Bytes.Decode(MqttPacketFormatter.V311, bytes, maxPacketSize: 4 * 1024 * 1024);
            Assert.Equal(payload.Length, decoded.Payload.Length);
        }
    }
}
