using System.Security.Cryptography;
using System.Text;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// The PIN hash: <c>HMAC-SHA256(key = salt, message = ASCII("ga-pin-v1:" + PIN))</c> with a
/// 16-byte random salt per credential. One HMAC per stored credential (two SHA-256 compressions
/// each) is cheap enough for a microcontroller to check a typed PIN against hundreds of
/// credentials in milliseconds, and the server produces the same value when it issues the PIN.
/// Note: a short numeric PIN cannot be protected against brute force by any hash cheap enough
/// for this; the hash keeps PINs out of storage and transit, while lockout, short validity windows
/// and signed commands protect the door (docs/lock-protocol.md, security considerations).
/// </summary>
public static class PinHasher
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;
    public const int MinPinLength = 4;
    public const int MaxPinLength = 12;

    /// <summary>Domain-separation prefix of the hashed message (ASCII).</summary>
    public const string Prefix = "ga-pin-v1:";

    /// <summary>Digits only, 4–12 of them.</summary>
    public static bool IsWellFormed(string? pin) =>
        pin is { Length: >= MinPinLength and <= MaxPinLength } && pin.All(char.IsAsciiDigit);

    public static byte[] ComputeHash(ReadOnlySpan<byte> salt, string pin)
    {
        if (salt.Length != SaltBytes)
        {
            throw new ArgumentException($"The salt is {SaltBytes} bytes.", nameof(salt));
        }

        if (!IsWellFormed(pin))
        {
            throw new ArgumentException($"A PIN is {MinPinLength}-{MaxPinLength} digits.", nameof(pin));
        }

        Span<byte> message = stackalloc byte[Prefix.Length + MaxPinLength];
        var length = Encoding.ASCII.GetBytes(Prefix + pin, message);
        return HMACSHA256.HashData(salt, message[..length]);
    }

    /// <summary>Server side: the stored form of a new PIN, with a fresh random salt.</summary>
    public static PinCredential CreateCredential(string pin, string credentialId, string grantId, CredentialValidity validity) =>
        CreateCredential(pin, credentialId, grantId, validity, RandomNumberGenerator.GetBytes(SaltBytes));

    /// <summary>As above with a given salt (known-answer tests, deterministic fixtures).</summary>
    public static PinCredential CreateCredential(string pin, string credentialId, string grantId, CredentialValidity validity, ReadOnlySpan<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(validity);
        return new PinCredential
        {
            CredentialId = credentialId,
            GrantId = grantId,
            Salt = WireBase64.Encode(salt),
            Hash = WireBase64.Encode(ComputeHash(salt, pin)),
            NotBefore = validity.NotBefore,
            NotAfter = validity.NotAfter,
            Schedule = validity.Schedule,
        };
    }

    /// <summary>Lock side: does the typed <paramref name="pin"/> match this credential? Constant time in the hash.</summary>
    public static bool Matches(PinCredential credential, string pin)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!IsWellFormed(pin)
            || !WireBase64.TryDecode(credential.Salt, out var salt) || salt.Length != SaltBytes
            || !WireBase64.TryDecode(credential.Hash, out var expected) || expected.Length != HashBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(ComputeHash(salt, pin), expected);
    }

    /// <summary>Lock side: every stored credential the typed PIN matches (normally none or one).</summary>
    public static IReadOnlyList<PinCredential> FindMatches(IEnumerable<PinCredential> credentials, string pin)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return IsWellFormed(pin) ? credentials.Where(c => Matches(c, pin)).ToList() : [];
    }
}
