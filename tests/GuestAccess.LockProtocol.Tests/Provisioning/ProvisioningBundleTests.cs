using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Provisioning;

public sealed class ProvisioningBundleTests
{
    private const string Secret = "kq3vN8x2Lr5TzW0bYc7HdA1mEf4GpJ6sUi9QoXtRyVw";

    /// <summary>The example of docs/lock-protocol.md, section 15.1, byte for byte.</summary>
    private const string Golden = """
        {
          "v": 1,
          "type": "provisioning_bundle",
          "createdAt": 1777881600,
          "broker": {
            "host": "127.0.0.1",
            "port": 1883,
            "tls": false
          },
          "mobileKeyIssuer": "guestaccess",
          "trustedKeys": [
            {
              "kty": "EC",
              "crv": "P-256",
              "x": "cplixErmsY5GPq0K3hSx174PNnOXSkDRBM2bE0m3nJQ",
              "y": "5h6EE_9ijxLeBD8SYMedhIp0vT5Ndm3GueIqHoPm460",
              "kid": "test-2026",
              "alg": "ES256",
              "use": "sig"
            }
          ],
          "locks": [
            {
              "lock": "dokk1-hovedindgang",
              "door": "dokk1-hovedindgang",
              "doorName": "Hovedindgang",
              "site": "dokk1",
              "timeZone": "Europe/Copenhagen",
              "username": "dokk1-hovedindgang",
              "password": "kq3vN8x2Lr5TzW0bYc7HdA1mEf4GpJ6sUi9QoXtRyVw"
            }
          ]
        }

        """;

    private static ProvisioningBundle Sample()
    {
        using var key = Fixtures.ServerKey();
        return new ProvisioningBundle
        {
            CreatedAt = Fixtures.Now,
            Broker = new BrokerAddress { Host = "127.0.0.1", Port = 1883, Tls = false },
            MobileKeyIssuer = "guestaccess",
            TrustedKeys = [key.PublicJwk],
            Locks = [Entry("dokk1-hovedindgang", "Hovedindgang")],
        };
    }

    private static LockProvisioning Entry(string lockId, string doorName) => new()
    {
        Lock = LockId.Parse(lockId),
        Door = lockId,
        DoorName = doorName,
        Site = "dokk1",
        TimeZone = "Europe/Copenhagen",
        Username = lockId,
        Password = Secret,
    };

    [Fact]
    public void ToJson_Sample_IsTheExampleOfTheDocument()
    {
        Assert.Equal(Golden.ReplaceLineEndings("\n"), Sample().ToJson());
    }

    [Fact]
    public void Document_Section15_ShowsTheGoldenExample()
    {
        var document = File.ReadAllText(RepositoryFile("docs/lock-protocol.md"));
        var section = document[document.IndexOf("### 15.1", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var example = section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];

        Assert.Equal(Golden.ReplaceLineEndings("\n").TrimEnd(), example.TrimEnd());
    }

    [Fact]
    public void Parse_DocumentedExample_ReadsEveryMember()
    {
        var bundle = ProvisioningBundle.Parse(Golden);

        var entry = Assert.Single(bundle.Locks);
        Assert.Equal(Fixtures.Now, bundle.CreatedAt);
        Assert.Equal(new BrokerAddress { Host = "127.0.0.1", Port = 1883, Tls = false }, bundle.Broker);
        Assert.Equal("guestaccess", bundle.MobileKeyIssuer);
        Assert.Equal(LockId.Parse("dokk1-hovedindgang"), entry.Lock);
        Assert.Equal(("Hovedindgang", "dokk1", "Europe/Copenhagen"), (entry.DoorName, entry.Site, entry.TimeZone));
        Assert.Equal(Secret, entry.Password);
        using var trusted = bundle.CreateTrustedKeySet();
        Assert.True(trusted.Contains("test-2026"));
    }

    [Fact]
    public void ToString_BundleAndEntry_NeverShowThePassword()
    {
        var text = Sample().Locks[0].ToString() + Sample();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("dokk1-hovedindgang", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"v\": 1", "\"v\": 2", "$.v")]
    [InlineData("\"type\": \"provisioning_bundle\"", "\"type\": \"bundle\"", "$.type")]
    [InlineData("\"createdAt\": 1777881600", "\"createdAt\": \"2026-05-04\"", "$.createdAt")]
    [InlineData("\"host\": \"127.0.0.1\"", "\"host\": \"mqtt://127.0.0.1\"", "$.broker.host")]
    [InlineData("\"port\": 1883", "\"port\": 70000", "$.broker.port")]
    [InlineData("\"tls\": false", "\"tls\": \"no\"", "$.broker.tls")]
    [InlineData("\"tls\": false", "\"tls\": false, \"caCertificate\": \"not a pem\"", "$.broker.caCertificate")]
    [InlineData("\"lock\": \"dokk1-hovedindgang\"", "\"lock\": \"Dokk1/Hoved\"", "$.locks[0].lock")]
    [InlineData("\"door\": \"dokk1-hovedindgang\"", "\"door\": \"hoved indgang\"", "$.locks[0].door")]
    [InlineData("\"site\": \"dokk1\"", "\"site\": \"\"", "$.locks[0].site")]
    [InlineData("\"mobileKeyIssuer\": \"guestaccess\"", "\"mobileKeyIssuer\": \"guest access\"", "$.mobileKeyIssuer")]
    [InlineData("\"timeZone\": \"Europe/Copenhagen\"", "\"timeZone\": \"Europe Copenhagen\"", "$.locks[0].timeZone")]
    [InlineData("\"doorName\": \"Hovedindgang\"", "\"doorName\": \"Hoved\\nindgang\"", "$.locks[0].doorName")]
    [InlineData("\"doorName\": \"Hovedindgang\"", "\"doorName\": \"Hovedindgang\", \"floor\": 2", "unknown member 'floor'")]
    [InlineData("\"doorName\": \"Hovedindgang\"", "\"doorName\": \"Hovedindgang\", \"door\": \"x\"", "$.locks[0].door appears twice")]
    [InlineData("\"site\": \"dokk1\",", "", "$.locks[0] is missing site")]
    [InlineData("\"tls\": false", "\"tls\": false, \"user\": \"x\"", "$.broker has an unknown member 'user'")]
    [InlineData("\"password\": \"kq3vN8x2Lr5TzW0bYc7HdA1mEf4GpJ6sUi9QoXtRyVw\"", "\"password\": 12345", "$.locks[0].password must be a string")]
    [InlineData("\"kid\": \"test-2026\"", "\"kid\": \"test-2026\", \"d\": \"jJB5fKozDgFI7ihMunt\"", "private key")]
    [InlineData("\"trustedKeys\": [", "\"trustedKeys\": [], \"x\": [", "$ has an unknown member 'x'")]
    public void Parse_BrokenMember_IsRefusedNamingTheMemberNotTheValue(string find, string replace, string expected)
    {
        Assert.Contains(find, Golden, StringComparison.Ordinal);
        var json = Golden.Replace(find, replace, StringComparison.Ordinal);

        var ok = ProvisioningBundle.TryParse(json, out _, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameLockTwice_IsRefused()
    {
        var bundle = Sample() with { Locks = [Entry("dokk1-hovedindgang", "A"), Entry("dokk1-hovedindgang", "B")] };

        var error = Assert.Throws<InvalidOperationException>(bundle.ToJson);

        Assert.Contains("$.locks[1].lock repeats a lock id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForLock_TwoLocks_KeepsOnlyTheOneController()
    {
        var bundle = Sample() with { Locks = [Entry("dokk1-hovedindgang", "A"), Entry("dokk1-sal-1", "B")] };

        var single = ProvisioningBundle.Parse(bundle.ForLock(LockId.Parse("dokk1-sal-1")).ToJson());

        Assert.Equal("dokk1-sal-1", Assert.Single(single.Locks).Lock.Value);
        Assert.Equal(bundle.TrustedKeys[0].KeyId, single.TrustedKeys[0].KeyId);
    }

    [Fact]
    public void Parse_TlsWithPrivateCa_KeepsThePem()
    {
        const string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var bundle = Sample() with { Broker = new BrokerAddress { Host = "mqtt.example", Port = 8883, Tls = true, CaCertificate = pem } };

        var read = ProvisioningBundle.Parse(bundle.ToJson());

        Assert.Equal(bundle.Broker, read.Broker);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"v\":1,\"type\":\"provisioning_bundle\"}")]
    [InlineData("{\"v\":1,\"type\":\"provisioning_bundle\",\"createdAt\":0,\"broker\":{\"host\":\"h\",\"port\":1,\"tls\":true},\"mobileKeyIssuer\":\"i\",\"trustedKeys\":[],\"locks\":[]}")]
    public void Parse_NotABundle_IsRefused(string json)
    {
        Assert.False(ProvisioningBundle.TryParse(json, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ToJson_TwoKeysWithOneKid_Throws()
    {
        using var key = Fixtures.ServerKey();
        var bundle = Sample() with { TrustedKeys = [key.PublicJwk, key.PublicJwk] };

        Assert.Throws<InvalidOperationException>(bundle.ToJson);
    }

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}
