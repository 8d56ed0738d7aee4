using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.Server.Seeding;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5) for seeded objects, so a fresh database seeded from the
/// same files has the same ids every time: links in docs, demos and scripts keep working.
/// </summary>
public static class StableId
{
    // A fixed namespace UUID for GuestAccess seed data.
    private static readonly byte[] Namespace = Guid.Parse("6f3b1b9e-6c1d-4c55-9f0e-5f8a2b1c0d42").ToByteArray(bigEndian: true);

    public static Guid For(string kind, string slug)
    {
        var name = Encoding.UTF8.GetBytes($"{kind}:{slug}");
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        // SHA-1 is what RFC 9562 specifies for version 5 UUIDs; no security depends on it.
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
