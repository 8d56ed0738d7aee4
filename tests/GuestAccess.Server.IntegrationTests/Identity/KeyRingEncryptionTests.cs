using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.IntegrationTests.Identity;

public sealed class KeyRingEncryptionTests
{
    private const string Password = "key-ring-pfx-password-7f3a";

    [Fact]
    public async Task KeyRing_WithCertificate_IsEncryptedAtRestAndStillOpensAfterARestart()
    {
        var data = Directory.CreateTempSubdirectory("guestaccess-test-").FullName;
        try
        {
            var pfx = WriteCertificate(data);
            // A fixed issuer: each start listens on another port, and the token must stay valid.
            string[] settings = ["--Identity:Issuer=http://127.0.0.1", $"--Identity:KeyRingCertificatePath={pfx}", $"--Identity:KeyRingCertificatePassword={Password}"];
            string accessToken;
            await using (var first = await TestServer.StartAsync(data, settings))
            {
                accessToken = (await OidcBrowser.TokensForAsync(first, "borger@demo.guestaccess.dk")).AccessToken;
                Assert.Equal(HttpStatusCode.OK, await MeAsync(first, accessToken));
                await first.StopAsync();
            }

            var keys = Directory.GetFiles(Path.Combine(data, "data-protection-keys"), "*.xml");
            Assert.NotEmpty(keys);
            foreach (var key in keys)
            {
                var xml = await File.ReadAllTextAsync(key);
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // the unencrypted form of a master key
            }

            // The token's signing key is stored under the key ring: the restarted server can only
            // accept the token if it decrypts the ring with the certificate.
            await using var second = await TestServer.StartAsync(data, settings);
            Assert.Equal(HttpStatusCode.OK, await MeAsync(second, accessToken));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task KeyRing_WrongCertificatePassword_StartRefusedWithoutThePassword()
    {
        var data = Directory.CreateTempSubdirectory("guestaccess-test-").FullName;
        try
        {
            var pfx = WriteCertificate(data);

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(data, $"--Identity:KeyRingCertificatePath={pfx}", "--Identity:KeyRingCertificatePassword=not-the-password"));

            Assert.Contains("Identity:KeyRingCertificatePath", error.Message, StringComparison.Ordinal);
            Assert.Contains("cannot be read as PKCS#12", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> MeAsync(TestServer server, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static string WriteCertificate(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=GuestAccess key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
