using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.Server.Locks.Broker;

/// <summary>
/// Broker passwords: 32 random bytes (base64url, 43 characters) per lock, stored only as a salted
/// PBKDF2-SHA512 hash in Mosquitto 2.0's password-file format
/// <c>$7$&lt;iterations&gt;$&lt;base64 12-byte salt&gt;$&lt;base64 64-byte hash&gt;</c>, so one stored
/// value serves the embedded broker and an external Mosquitto. The iteration count is Mosquitto's
/// default (101): the secrets are 256-bit random, so a slow hash would add cost, not security.
/// </summary>
public static class BrokerPassword
{
    public const int SecretBytes = 32;
    public const int SaltBytes = 12;
    public const int HashBytes = 64;
    public const int DefaultIterations = 101;
    private const int MaxIterations = 1_000_000;

    /// <summary>A new random secret to show once.</summary>
    public static string NewSecret() => WireBase64.Encode(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string password, int iterations = DefaultIterations) =>
        Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), iterations);

    /// <summary>With a given salt (known-answer tests).</summary>
    public static string Hash(string password, byte[] salt, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Constant-time check of a presented password against a stored hash; false for anything malformed.</summary>
    public static bool Verify(ReadOnlySpan<byte> password, string? stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsWellFormed(string? stored) => TryParse(stored, out _, out _, out _);

    private static bool TryParse(string? stored, out int iterations, [NotNullWhen(true)] out byte[]? salt, [NotNullWhen(true)] out byte[]? hash)
    {
        iterations = 0;
        salt = hash = null;
        var parts = stored?.Split('$');
        if (parts is not ["", "7", var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && hash.Length == HashBytes;
    }
}
