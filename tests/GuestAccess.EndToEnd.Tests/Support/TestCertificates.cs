using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>A throwaway CA and a broker certificate it signed for 127.0.0.1, as PEM files in a directory.</summary>
public sealed record TestCertificates(string CaFile, string CertificateFile, string KeyFile, string CaPem)
{
    public static TestCertificates Create(string directory, string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=GuestAccess test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));

        Directory.CreateDirectory(directory);
        var caPem = ca.ExportCertificatePem();
        var files = new TestCertificates(Path.Combine(directory, $"{name}-ca.pem"), Path.Combine(directory, $"{name}-broker.pem"), Path.Combine(directory, $"{name}-broker.key"), caPem);
        File.WriteAllText(files.CaFile, caPem);
        File.WriteAllText(files.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    /// <summary>Mosquitto listener settings serving this certificate.</summary>
    public string MosquittoListener => $"cafile {CaFile}\ncertfile {CertificateFile}\nkeyfile {KeyFile}\n";
}
