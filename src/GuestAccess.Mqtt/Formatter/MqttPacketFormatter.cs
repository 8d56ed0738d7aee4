using System.Buffers;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>The decoder and encoder of one protocol version, plus decoding of a framed, possibly multi-segment body.</summary>
public sealed class MqttPacketFormatter
{
    public static readonly MqttPacketFormatter V311 = new(MqttProtocolVersion.V311, MqttV311PacketDecoder.Instance, MqttV311PacketEncoder.Instance);
    public static readonly MqttPacketFormatter V500 = new(MqttProtocolVersion.V500, MqttV5PacketDecoder.Instance, MqttV5PacketEncoder.Instance);

    private MqttPacketFormatter(MqttProtocolVersion version, IMqttPacketDecoder decoder, IMqttPacketEncoder encoder)
    {
        Version = version;
        Decoder = decoder;
        Encoder = encoder;
    }

    public MqttProtocolVersion Version { get; }

    public IMqttPacketDecoder Decoder { get; }

    public IMqttPacketEncoder Encoder { get; }

    public static MqttPacketFormatter For(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V311 => V311,
        MqttProtocolVersion.V500 => V500,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unsupported MQTT version."),
    };

    public MqttPacket Decode(in MqttFrame frame) => Decode(Decoder, frame);

    /// <summary>Decodes the first packet of a connection (must be CONNECT); the version is read from it.</summary>
    public static ConnectPacket DecodeConnect(in MqttFrame frame)
    {
        if (frame.PacketTypeValue != (int)MqttPacketType.Connect)
        {
            throw MqttProtocolException.Protocol("The first packet must be CONNECT.");
        }

        return (ConnectPacket)Decode(MqttV5PacketDecoder.Instance, frame);
    }

    public void Encode(MqttPacket packet, MqttBufferWriter writer) => Encoder.Encode(packet, writer);

    /// <summary>Convenience for tests and tools: encodes to a new array.</summary>
    public byte[] Encode(MqttPacket packet)
    {
        var writer = new MqttBufferWriter();
        Encoder.Encode(packet, writer);
        return writer.Written.ToArray();
    }

    private static MqttPacket Decode(IMqttPacketDecoder decoder, in MqttFrame frame)
    {
        var body = frame.Body;
        if (body.IsSingleSegment)
        {
            return decoder.Decode(frame.Header, body.FirstSpan);
        }

        // The body was already bounded by the maximum packet size when the frame was cut.
        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return decoder.Decode(frame.Header, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
