using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.Server.Audit.Chain;

/// <summary>
/// The salted digest of a record's personal part, which is all the chain commits to:
/// <c>SHA-256("GA-PDATA" · u8 1 · salt[32] · field(holder) · field(data))</c>, fields encoded as
/// in <see cref="ChainHasher"/>. Without the salt (deleted by retention) the digest reveals
/// nothing about the data, not even by guessing likely values.
/// </summary>
public static class PersonalDigest
{
    public const int SaltLength = 32;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Compute(ReadOnlySpan<byte> salt, string? holder, string data)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"A salt is {SaltLength} bytes.", nameof(salt));
        }

        var holderBytes = holder is null ? null : Encoding.UTF8.GetBytes(holder);
        var dataBytes = Encoding.UTF8.GetBytes(data);
        var buffer = new byte[8 + 1 + SaltLength + 4 + (holderBytes?.Length ?? 0) + 4 + dataBytes.Length];
        var span = buffer.AsSpan();
        "GA-PDATA"u8.CopyTo(span);
        span[8] = 1;
        salt.CopyTo(span[9..]);
        var at = 9 + SaltLength;
        at = Field(span, at, holderBytes);
        Field(span, at, dataBytes);
        return SHA256.HashData(buffer);
    }

    private static int Field(Span<byte> span, int at, byte[]? value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], value is null ? uint.MaxValue : (uint)value.Length);
        value?.CopyTo(span[(at + 4)..]);
        return at + 4 + (value?.Length ?? 0);
    }
}
