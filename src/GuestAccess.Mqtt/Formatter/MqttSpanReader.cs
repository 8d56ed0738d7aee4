using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Reads MQTT data types from one packet body. Every underflow or invalid value is a malformed packet.</summary>
internal ref struct MqttSpanReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly int Remaining => _body.Length - _position;

    public readonly bool End => _position == _body.Length;

    public byte ReadByte()
    {
        Need(1);
        return _body[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Variable byte integer: at most 4 bytes, minimally encoded.</summary>
    public uint ReadVariableByteInteger()
    {
        uint value = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = ReadByte();
            value |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw MqttProtocolException.Malformed("Variable byte integer is not minimally encoded.");
                }

                return value;
            }
        }

        throw MqttProtocolException.Malformed("Variable byte integer longer than 4 bytes.");
    }

    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var length = ReadUInt16();
        return ReadSpan(length);
    }

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    /// <summary>A UTF-8 encoded string: well-formed (no surrogates, no overlong forms) and without U+0000.</summary>
    public string ReadString()
    {
        var bytes = ReadBinarySpan();
        return DecodeUtf8(bytes);
    }

    public ReadOnlySpan<byte> ReadSpan(int length)
    {
        Need(length);
        var span = _body.Slice(_position, length);
        _position += length;
        return span;
    }

    public ReadOnlySpan<byte> ReadToEnd() => ReadSpan(Remaining);

    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw MqttProtocolException.Malformed("String is not well-formed UTF-8.");
        }

        if (bytes.Contains((byte)0))
        {
            throw MqttProtocolException.Malformed("String contains U+0000.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private readonly void Need(int count)
    {
        if (count > _body.Length - _position)
        {
            throw MqttProtocolException.Malformed("Packet ends before the data it declares.");
        }
    }
}
