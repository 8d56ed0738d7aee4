using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// The public keys a lock trusts, by key id (normally the current server key and the next one,
/// so the server can rotate without re-provisioning in a hurry). Thread-safe.
/// </summary>
public sealed class TrustedKeySet : IDisposable
{
    private readonly FrozenDictionary<string, (ECDsa Key, Lock Gate)> _keys;

    public TrustedKeySet(IEnumerable<EcPublicJwk> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var map = new Dictionary<string, (ECDsa, Lock)>(StringComparer.Ordinal);
        foreach (var jwk in keys)
        {
            if (!map.TryAdd(jwk.KeyId, (jwk.CreateVerifier(), new Lock())))
            {
                throw new ArgumentException("Two trusted keys share a key id.", nameof(keys));
            }
        }

        _keys = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public TrustedKeySet(params EcPublicJwk[] keys)
        : this((IEnumerable<EcPublicJwk>)keys)
    {
    }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool Contains([NotNullWhen(true)] string? keyId) => keyId is not null && _keys.ContainsKey(keyId);

    /// <summary>Verifies a 64-byte R || S ES256 signature with the key <paramref name="keyId"/>.</summary>
    internal bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !_keys.TryGetValue(keyId, out var entry))
        {
            return false;
        }

        lock (entry.Gate)
        {
            return entry.Key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose()
    {
        foreach (var (key, _) in _keys.Values)
        {
            key.Dispose();
        }
    }
}
