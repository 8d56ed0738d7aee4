using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Mqtt.Channel;

namespace GuestAccess.FirmwareSim.Fleet;

/// <summary>
/// Where the locks connect: <c>mqtt://host[:port]</c> (plain TCP, default 1883) or
/// <c>mqtts://host[:port]</c> (TLS, default 8883), or the bundle's <c>broker</c>. The TLS server
/// certificate is validated by the system trust store, or against <see cref="CaCertificatePem"/>
/// (a private CA) when given. Credentials are per lock and come from the provisioning bundle,
/// never from the URL.
/// </summary>
public sealed record BrokerEndpoint(string Host, int Port, bool UseTls)
{
    /// <summary>The server's embedded broker on this machine.</summary>
    public static BrokerEndpoint Default { get; } = new("127.0.0.1", 1883, false);

    /// <summary>PEM of the CA that signed the broker certificate (TLS only).</summary>
    public string? CaCertificatePem { get; init; }

    public static BrokerEndpoint From(BrokerAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new BrokerEndpoint(address.Host, address.Port, address.Tls) { CaCertificatePem = address.CaCertificate };
    }

    public static BrokerEndpoint Parse(string url)
    {
        if (!IsBrokerUrl(url))
        {
            throw new FormatException("A broker URL is mqtt://host[:port] or mqtts://host[:port], without credentials.");
        }

        var uri = new Uri(url);
        var tls = uri.Scheme == "mqtts";
        return new BrokerEndpoint(uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port, tls);
    }

    public MqttTlsClientOptions? CreateTlsOptions()
    {
        if (!UseTls)
        {
            return null;
        }

        if (CaCertificatePem is null)
        {
            return new MqttTlsClientOptions();
        }

        var ca = X509Certificate2.CreateFromPem(CaCertificatePem);
        return new MqttTlsClientOptions { ServerCertificateValidation = (_, certificate, _, errors) => ValidateAgainst(ca, certificate, errors) };
    }

    private static bool ValidateAgainst(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (!chain.Build(leaf))
        {
            return false;
        }

        // The chain must end in exactly the provisioned CA (not merely in a certificate that looks like it).
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    private static bool IsBrokerUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "mqtt" or "mqtts"
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.AbsolutePath is "" or "/"
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
