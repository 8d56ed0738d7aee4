using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>A private CA and a broker certificate for 127.0.0.1 signed by it, made fresh for one test.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=GuestAccess test CA " + RandomNumberGenerator.GetHexString(8), caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // One instant for both: a server certificate may not outlive its CA, and a second boundary between two clock reads made it do so.
        var now = DateTimeOffset.UtcNow;
        Ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = serverRequest.Create(Ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The broker's certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
