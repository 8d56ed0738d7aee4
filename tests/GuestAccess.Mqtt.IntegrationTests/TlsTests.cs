using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.IntegrationTests.Support;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>TLS between our client and our broker with a certificate made for the test.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Tls_PinnedServerCertificate_ConnectsAndDelivers()
    {
        using var certificate = CreateCertificate();
        await using var broker = new TcpBroker(o => o.TlsCertificate = certificate);
        var inbox = new MessageInbox();
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = "tls",
            Tls = new MqttTlsClientOptions { TargetHost = "localhost", ServerCertificateValidation = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() },
        });
        client.MessageReceivedAsync = inbox.Handle;
        await client.ConnectAsync();
        await client.SubscribeAsync("secure");
        await client.PublishAsync(TcpClientHandle.Message("secure", "over tls"));
        Assert.Equal("over tls", (await inbox.NextAsync()).Text());
    }

    [Fact]
    public async Task Tls_UntrustedServerCertificate_Refused()
    {
        using var certificate = CreateCertificate();
        await using var broker = new TcpBroker(o => o.TlsCertificate = certificate);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = "tls",
            AutoReconnect = false,
            Tls = new MqttTlsClientOptions { TargetHost = "localhost" },
        });
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => client.ConnectAsync());
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
