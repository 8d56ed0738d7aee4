using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Signing;

/// <summary>
/// The ES256 key that signs lock commands (and that locks trust), kept in
/// <c>{DataDirectory}/keys/lock-commands.json</c> with the private key protected by ASP.NET Core
/// Data Protection. Created on first use; the same key is used after every restart, so
/// provisioned locks keep trusting the server. The public half is what provisioning hands out.
/// </summary>
public sealed class LockSigningKeyStore(
    IDataProtectionProvider dataProtection,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<LockSigningKeyStore> logger) : IDisposable
{
    private const string Purpose = "GuestAccess.Locks.CommandSigningKey.v1";
    private readonly Lock _gate = new();
    private SigningKey? _key;

    public string FilePath => Path.Combine(storage.Value.FullDataDirectory, "keys", "lock-commands.json");

    /// <summary>The current signing key (loaded or created on first use).</summary>
    public SigningKey Current
    {
        get
        {
            lock (_gate)
            {
                return _key ??= LoadOrCreate();
            }
        }
    }

    /// <summary>The public keys a lock is provisioned with.</summary>
    public IReadOnlyList<EcPublicJwk> TrustedKeys => [Current.PublicJwk];

    public void Dispose() => _key?.Dispose();

    private SigningKey LoadOrCreate()
    {
        var protector = dataProtection.CreateProtector(Purpose);
        if (File.Exists(FilePath))
        {
            var stored = JsonSerializer.Deserialize<StoredKey>(File.ReadAllText(FilePath), StoredKey.Json)
                ?? throw new InvalidOperationException($"{FilePath} is empty.");
            try
            {
                return SigningKey.FromPkcs8Pem(stored.KeyId, protector.Unprotect(stored.ProtectedPrivateKey));
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(
                    $"{FilePath} cannot be decrypted with this server's Data Protection key ring (in the data directory). Restore it, or delete the file and re-provision every lock.", e);
            }
        }

        var keyId = "lock-" + clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var key = SigningKey.Generate(keyId);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var record = new StoredKey(keyId, clock.GetUtcNow(), protector.Protect(key.ExportPkcs8Pem()));
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(record, StoredKey.Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: false);
        LockFleetLog.SigningKeyCreated(logger, keyId);
        return key;
    }

    private sealed record StoredKey(string KeyId, DateTimeOffset CreatedAt, string ProtectedPrivateKey)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    }
}
