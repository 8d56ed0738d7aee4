using System.Security.Cryptography;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// The server's ES256 (ECDSA P-256 + SHA-256) private key with its key id. Signs commands and
/// mobile keys; locks trust its <see cref="PublicJwk"/>. Never log or serialize it except through
/// <see cref="ExportPkcs8Pem"/> into a secret store.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private SigningKey(string keyId, ECDsa key)
    {
        if (!WireText.IsIdentifier(keyId))
        {
            key.Dispose();
            throw new ArgumentException("A key id is 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.", nameof(keyId));
        }

        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new ArgumentException("The key must be on curve P-256.", nameof(key));
        }

        KeyId = keyId;
        _key = key;
        PublicJwk = EcPublicJwk.FromParameters(keyId, parameters);
    }

    public string KeyId { get; }

    /// <summary>The public half as a JWK, for provisioning locks (<see cref="TrustedKeySet"/>).</summary>
    public EcPublicJwk PublicJwk { get; }

    /// <summary>A new random P-256 key pair.</summary>
    public static SigningKey Generate(string keyId) => new(keyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Imports a PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) P-256 private key.</summary>
    public static SigningKey FromPkcs8Pem(string keyId, string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException("Not a PEM-encoded P-256 private key.", nameof(pem));
        }

        return new SigningKey(keyId, key);
    }

    public string ExportPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>ES256 over <paramref name="data"/>: the 64-byte R || S form of RFC 7518 §3.4.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _key.Dispose();
}
