using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// Base64url without padding (RFC 4648 §5, as JWS uses it), read strictly: only the 64 URL-safe
/// characters, no padding, no white space, and only the canonical encoding (unused trailing bits
/// zero), so one byte string has exactly one text form.
/// </summary>
public static class WireBase64
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        var decoded = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, decoded, out var consumed, out var written) != OperationStatus.Done
            || consumed != text.Length
            || !text.SequenceEqual(Base64Url.EncodeToString(decoded.AsSpan(0, written))))
        {
            return false; // not base64url, or a non-canonical form (unused trailing bits set)
        }

        bytes = decoded.Length == written ? decoded : decoded[..written];
        return true;
    }

    /// <summary>The decoded length of a strict base64url string, or -1.</summary>
    public static int DecodedLength(string? text, int maxChars = 1024) =>
        text is not null && text.Length <= maxChars && TryDecode(text, out var bytes) ? bytes.Length : -1;
}
