using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

public interface IMqttPacketDecoder
{
    /// <summary>Decodes one packet body; throws only <see cref="MqttProtocolException"/> on bad input.</summary>
    MqttPacket Decode(byte header, ReadOnlySpan<byte> body);
}

public interface IMqttPacketEncoder
{
    /// <summary>Encodes one packet into <paramref name="writer"/> (which is reset first).</summary>
    void Encode(MqttPacket packet, MqttBufferWriter writer);
}
