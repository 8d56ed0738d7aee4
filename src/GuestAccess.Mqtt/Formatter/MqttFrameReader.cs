using System.Buffers;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>One complete control packet as read off the wire: the first header byte and the body.</summary>
public readonly record struct MqttFrame(byte Header, ReadOnlySequence<byte> Body)
{
    public int PacketTypeValue => Header >> 4;

    public int Flags => Header & 0x0F;
}

/// <summary>
/// Splits a byte stream into frames. The remaining length is checked against the maximum packet
/// size as soon as its (at most four) bytes are in, before any body is buffered, so a peer
/// announcing 256 MB cannot make us wait for or allocate it.
/// </summary>
public static class MqttFrameReader
{
    public const int MaxRemainingLength = 268_435_455;

    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maximumPacketSize, out MqttFrame frame)
    {
        frame = default;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryRead(out var header);
        var remaining = 0;
        var lengthBytes = 0;
        while (true)
        {
            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            remaining |= (digit & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((digit & 0x80) == 0)
            {
                if (digit == 0 && lengthBytes > 1)
                {
                    throw MqttProtocolException.Malformed("Remaining length is not minimally encoded.");
                }

                break;
            }

            if (lengthBytes == 4)
            {
                throw MqttProtocolException.Malformed("Remaining length longer than 4 bytes.");
            }
        }

        long total = 1 + lengthBytes + remaining;
        if (total > maximumPacketSize)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, "Packet exceeds the maximum packet size.");
        }

        if (buffer.Length < total)
        {
            return false;
        }

        frame = new MqttFrame(header, buffer.Slice(1 + lengthBytes, remaining));
        buffer = buffer.Slice(total);
        return true;
    }
}
