using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.Server.Audit.Chain;

/// <summary>
/// Computes record hashes over the canonical encoding, format 1 (docs/audit.md, "The exact bytes"):
/// <code>
/// "GA-AUDIT" · u8 format · i64 sequence · i64 recorded_at_µs
///   · field(category) · field(action) · field(actor_id) · field(site_id) · field(door_id)
///   · field(subject) · field(outcome) · field(data) · field(personal_digest) · previous_hash[32]
/// field(x) = FF FF FF FF when absent, else u32 length · bytes   (all integers big-endian)
/// </code>
/// Text is UTF-8; GUIDs are 36-character lowercase text; the digest is its 32 raw bytes.
/// One instance reuses its buffer, so it is not thread-safe.
/// </summary>
public sealed class ChainHasher
{
    public const int CurrentFormat = 1;
    public const int HashLength = 32;
    private const uint Absent = uint.MaxValue;

    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The previous hash of record 1.</summary>
    public static byte[] Genesis => new byte[HashLength];

    public static ReadOnlySpan<byte> Magic => "GA-AUDIT"u8;

    public static bool IsKnownFormat(int format) => format == CurrentFormat;

    public byte[] Compute(ChainRecord record)
    {
        var hash = new byte[HashLength];
        Compute(record, hash);
        return hash;
    }

    /// <summary>Hashes the record's fields with its own <see cref="ChainRecord.PreviousHash"/>.</summary>
    public void Compute(ChainRecord record, Span<byte> destination)
    {
        if (!IsKnownFormat(record.Format))
        {
            throw new ArgumentException($"Unknown audit record format {record.Format}.", nameof(record));
        }

        if (record.PreviousHash.Length != HashLength || record.PersonalDigest is { Length: not HashLength })
        {
            throw new ArgumentException("Hashes and digests are 32 bytes.", nameof(record));
        }

        _length = 0;
        Bytes(Magic);
        Bytes([(byte)record.Format]);
        Int64(record.Sequence);
        Int64(record.RecordedAtMicros);
        Text(record.Category);
        Text(record.Action);
        Id(record.ActorId);
        Id(record.SiteId);
        Id(record.DoorId);
        Text(record.Subject);
        Text(record.Outcome);
        Text(record.Data);
        Field(record.PersonalDigest);
        Bytes(record.PreviousHash);
        SHA256.HashData(_buffer.AsSpan(0, _length), destination);
    }

    /// <summary>Whether the stored hash is the hash of the record's fields.</summary>
    public bool Matches(ChainRecord record)
    {
        Span<byte> computed = stackalloc byte[HashLength];
        Compute(record, computed);
        return computed.SequenceEqual(record.Hash);
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            UInt32(Absent);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + max);
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)written);
        _length += 4 + written;
    }

    private void Id(Guid? value)
    {
        if (value is not { } id)
        {
            UInt32(Absent);
            return;
        }

        Ensure(4 + 36);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), 36);
        id.TryFormat(_buffer.AsSpan(_length + 4, 36), out _, "D");
        _length += 4 + 36;
    }

    private void Field(byte[]? value)
    {
        if (value is null)
        {
            UInt32(Absent);
            return;
        }

        UInt32((uint)value.Length);
        Bytes(value);
    }

    private void Int64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
