using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GuestAccess.Server.Identity;

/// <summary>
/// Encrypts the Data Protection key ring at rest with a certificate (<c>Identity:KeyRingCertificatePath</c>):
/// new keys are written as XML encryption under the certificate's RSA key, and keys written that
/// way are read back with the same certificate, which need not be in any certificate store.
/// </summary>
internal static class KeyRingCertificate
{
    /// <summary>Read at registration (Data Protection takes the certificate itself); a file that cannot be used is reported by the settings validation at start.</summary>
    public static void Configure(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        var settings = configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>() ?? new();
        if (settings.KeyRingCertificatePath is { Length: > 0 } path && Problem(path, settings.KeyRingCertificatePassword) is null)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.KeyRingCertificatePassword);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }

    /// <summary>Why the file cannot encrypt the key ring, or null when it can. Never repeats the password.</summary>
    public static string? Problem(string path, string? password)
    {
        if (!File.Exists(path))
        {
            return "the file does not exist.";
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            using var rsa = certificate.GetRSAPrivateKey();
            return rsa is null ? "the certificate needs an RSA private key in the file." : null;
        }
        catch (CryptographicException)
        {
            return "the file cannot be read as PKCS#12 with the given password.";
        }
    }
}
