using System.Buffers.Binary;
using System.Text;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>
/// Growable, reusable buffer one packet is encoded into. The first five bytes are kept free so
/// that the fixed header and remaining length can be written in front of the body once its size
/// is known, without copying the body. Not thread-safe: one per writer loop.
/// </summary>
public sealed class MqttBufferWriter
{
    private const int HeaderReserve = 5;
    private byte[] _buffer;
    private int _position = HeaderReserve;
    private int _start = HeaderReserve;

    public MqttBufferWriter(int initialCapacity = 256) => _buffer = new byte[Math.Max(initialCapacity, 16)];

    /// <summary>The encoded packet after <see cref="Complete"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(_start, _position - _start);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(_start, _position - _start);

    internal int Position => _position;

    public void Reset()
    {
        _position = HeaderReserve;
        _start = HeaderReserve;
        if (_buffer.Length > 64 * 1024)
        {
            _buffer = new byte[256];
        }
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteVariableByteInteger(uint value)
    {
        if (value > MqttFrameReader.MaxRemainingLength)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, "Value exceeds the variable byte integer range.");
        }

        Ensure(4);
        _position += WriteVariableByteInteger(_buffer.AsSpan(_position), value);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Binary data longer than 65535 bytes cannot be encoded.", nameof(bytes));
        }

        WriteUInt16((ushort)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("String longer than 65535 UTF-8 bytes cannot be encoded.", nameof(value));
        }

        Ensure(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), (ushort)length);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + 2));
        _position += 2 + length;
    }

    /// <summary>Reserves room for a property length; pair with <see cref="EndLengthPrefixed"/>.</summary>
    internal int BeginLengthPrefixed()
    {
        Ensure(4);
        var mark = _position;
        _position += 4;
        return mark;
    }

    /// <summary>Writes the variable byte length in front of what was written since the mark, closing the gap.</summary>
    internal void EndLengthPrefixed(int mark)
    {
        var length = _position - mark - 4;
        Span<byte> prefix = stackalloc byte[4];
        var prefixLength = WriteVariableByteInteger(prefix, (uint)length);
        if (prefixLength < 4)
        {
            _buffer.AsSpan(mark + 4, length).CopyTo(_buffer.AsSpan(mark + prefixLength));
            _position -= 4 - prefixLength;
        }

        prefix[..prefixLength].CopyTo(_buffer.AsSpan(mark));
    }

    /// <summary>Writes the fixed header in front of the body.</summary>
    public void Complete(byte fixedHeader)
    {
        var bodyLength = _position - HeaderReserve;
        if (bodyLength > MqttFrameReader.MaxRemainingLength)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, "Packet exceeds the MQTT maximum size.");
        }

        Span<byte> length = stackalloc byte[4];
        var lengthBytes = WriteVariableByteInteger(length, (uint)bodyLength);
        _start = HeaderReserve - lengthBytes - 1;
        _buffer[_start] = fixedHeader;
        length[..lengthBytes].CopyTo(_buffer.AsSpan(_start + 1));
    }

    internal static int WriteVariableByteInteger(Span<byte> destination, uint value)
    {
        var count = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            if (value > 0)
            {
                digit |= 0x80;
            }

            destination[count++] = digit;
        }
        while (value > 0);
        return count;
    }

    internal static int VariableByteIntegerSize(uint value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    private void Ensure(int count)
    {
        if (_position + count > _buffer.Length)
        {
            var size = Math.Max(_buffer.Length * 2, _position + count);
            var bigger = new byte[size];
            _buffer.AsSpan(0, _position).CopyTo(bigger);
            _buffer = bigger;
        }
    }
}
