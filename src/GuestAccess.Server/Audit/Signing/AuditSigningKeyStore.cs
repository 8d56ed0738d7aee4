using System.Security.Cryptography;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Signing;

/// <summary>
/// The server's ES256 key for signing audit checkpoints, under <c>{data}/keys/</c>:
/// <c>audit-signing-key.json</c> holds the private key (PKCS#8) encrypted with ASP.NET Core Data
/// Protection; <c>audit-public-keys.json</c> is a JWKS of every checkpoint key ever used, so
/// checkpoints stay verifiable after a key changes. Created on first use.
/// </summary>
/// <remarks>
/// Deliberately small (one current key, no scheduled rotation): it is meant to be merged into
/// the server's general signing-key store once there is one. Data Protection's own key ring lives
/// in <c>{data}/data-protection-keys</c>; in production protect that ring (certificate or
/// platform key store), otherwise on Linux it is only as safe as the file permissions.
/// </remarks>
public sealed class AuditSigningKeyStore(
    IDataProtectionProvider protection,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<AuditSigningKeyStore> logger) : IDisposable
{
    private const string Purpose = "GuestAccess.Audit.CheckpointSigningKey.v1";
    private readonly Lock _gate = new();
    private SigningKeyPair? _current;

    public static string KeysDirectory(StorageOptions storage) => Path.Combine(storage.FullDataDirectory, "keys");

    public static string PublicKeysFile(StorageOptions storage) => Path.Combine(KeysDirectory(storage), "audit-public-keys.json");

    private string PrivateKeyFile => Path.Combine(KeysDirectory(storage.Value), "audit-signing-key.json");

    /// <summary>The key checkpoints are signed with now (loaded or created on first use).</summary>
    internal SigningKeyPair Current()
    {
        lock (_gate)
        {
            return _current ??= Load() ?? Create();
        }
    }

    /// <summary>Every public key that has signed checkpoints (creates the first key if there is none).</summary>
    public IReadOnlyList<EcPublicJwk> PublicKeys()
    {
        Current();
        return AuditPublicKeys.Read(PublicKeysFile(storage.Value));
    }

    public void Dispose() => _current?.Key.Dispose();

    private SigningKeyPair? Load()
    {
        if (!File.Exists(PrivateKeyFile))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredKey>(File.ReadAllText(PrivateKeyFile))
            ?? throw new InvalidDataException($"{PrivateKeyFile} is empty.");
        try
        {
            var pkcs8 = protection.CreateProtector(Purpose).Unprotect(Convert.FromBase64String(stored.ProtectedPkcs8));
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            CryptographicOperations.ZeroMemory(pkcs8);
            return new SigningKeyPair(stored.KeyId, key);
        }
        catch (CryptographicException e)
        {
            logger.SigningKeyUnreadable(e, stored.KeyId);
            return null;
        }
    }

    private SigningKeyPair Create()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var thumbprint = AuditPublicKeys.ToJwk("new", key).Thumbprint();
        var keyId = $"audit-{clock.GetUtcNow():yyyyMMdd}-{thumbprint[..12]}";
        var pair = new SigningKeyPair(keyId, key);
        Directory.CreateDirectory(KeysDirectory(storage.Value));

        // Publish the public key before the private key signs anything.
        var file = PublicKeysFile(storage.Value);
        var keys = File.Exists(file) ? AuditPublicKeys.Read(file).ToList() : [];
        keys.Add(pair.PublicJwk);
        WriteAtomically(file, AuditPublicKeys.ToJwks(keys));

        var pkcs8 = key.ExportPkcs8PrivateKey();
        var stored = new StoredKey(keyId, clock.GetUtcNow(), Convert.ToBase64String(protection.CreateProtector(Purpose).Protect(pkcs8)));
        CryptographicOperations.ZeroMemory(pkcs8);
        WriteAtomically(PrivateKeyFile, JsonSerializer.Serialize(stored));
        logger.SigningKeyCreated(keyId);
        return pair;
    }

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record StoredKey(string KeyId, DateTimeOffset CreatedAt, string ProtectedPkcs8);
}

/// <summary>A private signing key with its id and public JWK.</summary>
internal sealed class SigningKeyPair(string keyId, ECDsa key)
{
    public string KeyId { get; } = keyId;

    public ECDsa Key { get; } = key;

    public EcPublicJwk PublicJwk { get; } = AuditPublicKeys.ToJwk(keyId, key);
}
