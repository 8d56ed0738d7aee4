using System.Buffers;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Formatter;

/// <summary>Malformed and forbidden input: each case must be refused with the protocol exception and the right reason code.</summary>
public sealed class DecoderValidationTests
{
    private const MqttReasonCode Malformed = MqttReasonCode.MalformedPacket;
    private const MqttReasonCode Protocol = MqttReasonCode.ProtocolError;

    public static TheoryData<string, MqttProtocolVersion, byte[], MqttReasonCode> Invalid => new()
    {
        { "reserved packet type 0", MqttProtocolVersion.V500, Bytes.Of(0x00, 0x00), Malformed },
        { "AUTH in 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0xF0, 0x00), Malformed },
        { "PINGREQ with body", MqttProtocolVersion.V311, Bytes.Of(0xC0, 0x01, 0x00), Malformed },
        { "PINGREQ reserved flags", MqttProtocolVersion.V500, Bytes.Of(0xC1, 0x00), Malformed },
        { "SUBSCRIBE flags 0", MqttProtocolVersion.V311, Bytes.Of(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, "a", 0x00), Malformed },
        { "PUBREL flags 0", MqttProtocolVersion.V311, Bytes.Of(0x60, 0x02, 0x00, 0x01), Malformed },
        { "PUBLISH QoS 3", MqttProtocolVersion.V311, Bytes.Of(0x36, 0x05, 0x00, 0x01, "a", 0x00, 0x01), Malformed },
        { "PUBLISH DUP on QoS 0", MqttProtocolVersion.V311, Bytes.Of(0x38, 0x03, 0x00, 0x01, "a"), Malformed },
        { "PUBLISH packet id 0", MqttProtocolVersion.V311, Bytes.Of(0x32, 0x05, 0x00, 0x01, "a", 0x00, 0x00), Malformed },
        { "PUBLISH wildcard topic", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x03, 0x00, 0x01, "#"), MqttReasonCode.TopicNameInvalid },
        { "PUBLISH plus in topic", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x06, 0x00, 0x03, "a/+", 0x00), MqttReasonCode.TopicNameInvalid },
        { "PUBLISH empty topic 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x02, 0x00, 0x00), MqttReasonCode.TopicNameInvalid },
        { "PUBLISH empty topic without alias 5.0", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x03, 0x00, 0x00, 0x00), Protocol },
        { "topic with U+0000", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x04, 0x00, 0x02, "a", 0x00), Malformed },
        { "topic with UTF-16 surrogate", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80), Malformed },
        { "topic with overlong UTF-8", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x04, 0x00, 0x02, 0xC0, 0xAF), Malformed },
        { "topic with truncated UTF-8", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x04, 0x00, 0x01, 0xE2, 0x00), Malformed },
        { "string longer than packet", MqttProtocolVersion.V311, Bytes.Of(0x30, 0x03, 0x00, 0x05, "a"), Malformed },
        { "PUBACK trailing byte 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0x40, 0x03, 0x00, 0x01, 0x00), Malformed },
        { "PUBACK invalid reason 5.0", MqttProtocolVersion.V500, Bytes.Of(0x40, 0x03, 0x00, 0x01, 0x8E), Protocol },
        { "SUBSCRIBE without filters", MqttProtocolVersion.V311, Bytes.Of(0x82, 0x02, 0x00, 0x01), Protocol },
        { "SUBSCRIBE reserved option bits 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, "a", 0x04), Malformed },
        { "SUBSCRIBE QoS 3", MqttProtocolVersion.V500, Bytes.Of(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x03), Malformed },
        { "SUBSCRIBE retain handling 3", MqttProtocolVersion.V500, Bytes.Of(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x30), Malformed },
        { "SUBSCRIBE reserved bits 5.0", MqttProtocolVersion.V500, Bytes.Of(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x40), Malformed },
        { "SUBSCRIBE no local on shared", MqttProtocolVersion.V500, Bytes.Of(0x82, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0A, "$share/g/a", 0x04), Protocol },
        { "SUBSCRIBE subscription id 0", MqttProtocolVersion.V500, Bytes.Of(0x82, 0x09, 0x00, 0x01, 0x02, 0x0B, 0x00, 0x00, 0x01, "a", 0x00), Protocol },
        { "UNSUBSCRIBE without filters", MqttProtocolVersion.V500, Bytes.Of(0xA2, 0x03, 0x00, 0x01, 0x00), Protocol },
        { "duplicate property", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x0A, 0x00, 0x01, "a", 0x06, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01), Malformed },
        { "property twice", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x08, 0x00, 0x01, "a", 0x04, 0x01, 0x00, 0x01, 0x01), Protocol },
        { "property not allowed in packet", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x09, 0x00, 0x01, "a", 0x05, 0x11, 0x00, 0x00, 0x00, 0x01), Protocol },
        { "unknown property id", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x06, 0x00, 0x01, "a", 0x02, 0x7F, 0x00), Malformed },
        { "property length beyond packet", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x05, 0x00, 0x01, "a", 0x09, 0x01), Malformed },
        { "payload format indicator 2", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x06, 0x00, 0x01, "a", 0x02, 0x01, 0x02), Protocol },
        { "topic alias 0", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x07, 0x00, 0x01, "a", 0x03, 0x23, 0x00, 0x00), Protocol },
        { "response topic with wildcard", MqttProtocolVersion.V500, Bytes.Of(0x30, 0x08, 0x00, 0x01, "a", 0x04, 0x08, 0x00, 0x01, "#"), MqttReasonCode.TopicNameInvalid },
        { "CONNACK reserved flags", MqttProtocolVersion.V311, Bytes.Of(0x20, 0x02, 0x02, 0x00), Malformed },
        { "CONNACK unknown return code", MqttProtocolVersion.V311, Bytes.Of(0x20, 0x02, 0x00, 0x06), Malformed },
        { "CONNACK receive maximum 0", MqttProtocolVersion.V500, Bytes.Of(0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x00), Protocol },
        { "DISCONNECT unknown reason", MqttProtocolVersion.V500, Bytes.Of(0xE0, 0x01, 0x05), Protocol },
        { "SUBACK without codes 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0x90, 0x02, 0x00, 0x01), Malformed },
        { "SUBACK invalid code 3.1.1", MqttProtocolVersion.V311, Bytes.Of(0x90, 0x03, 0x00, 0x01, 0x03), Malformed },
    };

    public static TheoryData<string, byte[], MqttReasonCode> InvalidConnect => new()
    {
        { "reserved connect flag", Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x03, 0x00, 0x3C, 0x00, 0x01, "c"), Malformed },
        { "will QoS without will", Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x0A, 0x00, 0x3C, 0x00, 0x01, "c"), Malformed },
        { "will QoS 3", Bytes.Of(0x10, 0x12, 0x00, 0x04, "MQTT", 0x04, 0x1E, 0x00, 0x3C, 0x00, 0x01, "c", 0x00, 0x01, "w", 0x00, 0x00), Malformed },
        { "password without user name 3.1.1", Bytes.Of(0x10, 0x10, 0x00, 0x04, "MQTT", 0x04, 0x42, 0x00, 0x3C, 0x00, 0x01, "c", 0x00, 0x01, "p"), Malformed },
        { "protocol level 3 (MQIsdp)", Bytes.Of(0x10, 0x0F, 0x00, 0x06, "MQIsdp", 0x03, 0x02, 0x00, 0x3C, 0x00, 0x01, "c"), MqttReasonCode.UnsupportedProtocolVersion },
        { "protocol level 6", Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x06, 0x02, 0x00, 0x3C, 0x00, 0x01, "c"), MqttReasonCode.UnsupportedProtocolVersion },
        { "unknown protocol name", Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTX", 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, "c"), Malformed },
        { "will topic with wildcard", Bytes.Of(0x10, 0x12, 0x00, 0x04, "MQTT", 0x04, 0x06, 0x00, 0x3C, 0x00, 0x01, "c", 0x00, 0x01, "#", 0x00, 0x00), MqttReasonCode.TopicNameInvalid },
        { "client id with U+0000", Bytes.Of(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 0x00), Malformed },
        { "trailing bytes", Bytes.Of(0x10, 0x0E, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, "c", 0x00), Malformed },
        { "5.0 maximum packet size 0", Bytes.Of(0x10, 0x12, 0x00, 0x04, "MQTT", 0x05, 0x02, 0x00, 0x3C, 0x05, 0x27, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, "c"), Protocol },
        { "first packet not CONNECT", Bytes.Of(0xC0, 0x00), Protocol },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_InvalidPacket_ThrowsProtocolExceptionWithReason(string name, MqttProtocolVersion version, byte[] bytes, MqttReasonCode expected)
    {
        var ex = Assert.Throws<MqttProtocolException>(() => Bytes.Decode(MqttPacketFormatter.For(version), bytes));
        Assert.True(expected == ex.ReasonCode, $"{name}: expected {expected}, got {ex.ReasonCode} ({ex.Message})");
    }

    [Theory]
    [MemberData(nameof(InvalidConnect))]
    public void DecodeConnect_InvalidConnect_ThrowsProtocolExceptionWithReason(string name, byte[] bytes, MqttReasonCode expected)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, 1024, out var frame));
        var ex = Assert.Throws<MqttProtocolException>(() => MqttPacketFormatter.DecodeConnect(frame));
        Assert.True(expected == ex.ReasonCode, $"{name}: expected {expected}, got {ex.ReasonCode} ({ex.Message})");
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x81, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x80, 0x80, 0x80 })]
    public void TryReadFrame_NonMinimalOrFiveByteLength_IsMalformed(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var ex = Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryReadFrame(ref buffer, int.MaxValue, out _));
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Fact]
    public void TryReadFrame_256MegabyteLength_RejectedFromHeaderAloneWithoutAllocating()
    {
        // 268,435,455 = FF FF FF 7F: only the five header bytes are present.
        var bytes = new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var ex = Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryReadFrame(ref buffer, 1024 * 1024, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(MqttReasonCode.PacketTooLarge, ex.ReasonCode);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void TryReadFrame_IncompleteHeaderOrBody_WaitsForMore()
    {
        foreach (var bytes in new[] { Bytes.Of(0x30), Bytes.Of(0x30, 0x80), Bytes.Of(0x30, 0x05, 0x00, 0x01) })
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            Assert.False(MqttFrameReader.TryReadFrame(ref buffer, 1024, out _));
            Assert.Equal(bytes.Length, buffer.Length);
        }
    }

    [Fact]
    public void TryReadFrame_MaximumSizeCountsWholePacket()
    {
        var bytes = Bytes.Of(0x30, 0x07, 0x00, 0x03, "a/b", "hi");
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, 9, out _));
        buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(MqttReasonCode.PacketTooLarge, Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryReadFrame(ref buffer, 8, out _)).ReasonCode);
    }

    [Fact]
    public void Decode_MultiSegmentBody_DecodesLikeContiguous()
    {
        var bytes = Bytes.Of(0x32, 0x15, 0x00, 0x03, "a/b", 0x00, 0x0A, 0x0B, 0x03, 0x00, 0x01, "t", 0x26, 0x00, 0x01, "k", 0x00, 0x01, "v", "hi");
        var buffer = Segmented(bytes, 3);
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, 1024, out var frame));
        Assert.False(frame.Body.IsSingleSegment);
        var decoded = MqttPacketFormatter.V500.Decode(frame);
        Assert.Equal(bytes, MqttPacketFormatter.V500.Encode(decoded));
    }

    internal static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < bytes.Length; i += segmentSize)
        {
            var chunk = bytes.AsMemory(i, Math.Min(segmentSize, bytes.Length - i));
            if (last is null)
            {
                first = last = new Segment(chunk, 0);
            }
            else
            {
                last = last.Append(chunk);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
