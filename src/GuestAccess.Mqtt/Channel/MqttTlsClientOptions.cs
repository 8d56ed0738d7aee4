using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace GuestAccess.Mqtt.Channel;

/// <summary>TLS for a client connection. Without a callback the server certificate is validated by the operating system's trust store.</summary>
public sealed class MqttTlsClientOptions
{
    /// <summary>The name the server certificate must carry; defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Optional client certificate(s) for mutual TLS.</summary>
    public X509CertificateCollection? ClientCertificates { get; init; }

    /// <summary>Custom server certificate validation (e.g. pinning a private CA). Null = system validation.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.None;

    internal SslClientAuthenticationOptions ToSslOptions(string host) => new()
    {
        TargetHost = TargetHost ?? host,
        ClientCertificates = ClientCertificates,
        RemoteCertificateValidationCallback = ServerCertificateValidation,
        EnabledSslProtocols = EnabledProtocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
