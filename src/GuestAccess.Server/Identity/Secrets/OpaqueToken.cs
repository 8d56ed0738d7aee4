using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.Server.Identity.Secrets;

/// <summary>
/// High-entropy one-time values (authorization codes, refresh tokens): 256 random bits,
/// base64url. Stored only as their SHA-256 hash, which is enough for values nobody can guess.
/// </summary>
public static class OpaqueToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
