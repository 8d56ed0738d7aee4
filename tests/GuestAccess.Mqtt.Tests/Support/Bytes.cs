using System.Buffers;
using System.Text;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>Builds byte arrays from a readable mix of bytes and ASCII text, and decodes whole buffers.</summary>
internal static class Bytes
{
    public static byte[] Of(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case int b:
                    bytes.Add(checked((byte)b));
                    break;
                case string text:
                    bytes.AddRange(Encoding.ASCII.GetBytes(text));
                    break;
                case byte[] array:
                    bytes.AddRange(array);
                    break;
                default:
                    throw new ArgumentException($"Unsupported part {part}.");
            }
        }

        return [.. bytes];
    }

    public static MqttPacket Decode(MqttPacketFormatter formatter, byte[] bytes, int maxPacketSize = 1024 * 1024)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        if (!MqttFrameReader.TryReadFrame(ref buffer, maxPacketSize, out var frame))
        {
            throw new InvalidOperationException("Incomplete packet.");
        }

        Assert.True(buffer.IsEmpty, "The frame must consume the whole buffer.");
        return formatter.Decode(frame);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
