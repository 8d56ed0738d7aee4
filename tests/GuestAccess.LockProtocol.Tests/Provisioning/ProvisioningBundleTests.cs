using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Provisioning;

public sealed class ProvisioningBundleTests
{
    private const string Secret = "s3cret-broker-password-for-room-3";

    /// <summary>The example of docs/lock-protocol.md, "Provisioning bundle", byte for byte.</summary>
    private const string Golden = """
        {
          "v": 1,
          "type": "provisioning_bundle",
          "broker": "mqtts://mqtt.guestaccess.example:8883",
          "locks": [
            {
              "lock": "dokk1-room-3",
              "door": "dokk1-room-3",
              "doorName": "Lokale 3, dør",
              "timeZone": "Europe/Copenhagen",
              "username": "dokk1-room-3",
              "password": "s3cret-broker-password-for-room-3",
              "issuer": "guestaccess",
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
              ]
            }
          ]
        }

        """;

    private static ProvisioningBundle Sample()
    {
        using var key = Fixtures.ServerKey();
        return new ProvisioningBundle
        {
            Broker = "mqtts://mqtt.guestaccess.example:8883",
            Locks =
            [
                new LockProvisioning
                {
                    Lock = Fixtures.Lock,
                    Door = "dokk1-room-3",
                    DoorName = "Lokale 3, dør",
                    TimeZone = "Europe/Copenhagen",
                    Username = "dokk1-room-3",
                    Password = Secret,
                    Issuer = "guestaccess",
                    TrustedKeys = [key.PublicJwk],
                },
            ],
        };
    }

    [Fact]
    public void ToJson_Sample_MatchesTheDocumentedExample()
    {
        Assert.Equal(Golden.ReplaceLineEndings("\n"), Sample().ToJson());
    }

    [Fact]
    public void Parse_DocumentedExample_ReadsEveryMember()
    {
        var bundle = ProvisioningBundle.Parse(Golden);

        var entry = Assert.Single(bundle.Locks);
        Assert.Equal("mqtts://mqtt.guestaccess.example:8883", bundle.Broker);
        Assert.Equal(LockId.Parse("dokk1-room-3"), entry.Lock);
        Assert.Equal("Lokale 3, dør", entry.DoorName);
        Assert.Equal(Secret, entry.Password);
        Assert.Equal("test-2026", Assert.Single(entry.TrustedKeys).KeyId);
        using var trusted = entry.CreateTrustedKeySet();
        Assert.True(trusted.Contains("test-2026"));
    }

    [Fact]
    public void ToString_Entry_NeverShowsThePassword()
    {
        var text = Sample().Locks[0].ToString() + Sample();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("dokk1-room-3", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"v\": 1", "\"v\": 2", "$.v")]
    [InlineData("\"type\": \"provisioning_bundle\"", "\"type\": \"bundle\"", "$.type")]
    [InlineData("\"lock\": \"dokk1-room-3\"", "\"lock\": \"Dokk1/Room\"", "$.locks[0].lock")]
    [InlineData("\"door\": \"dokk1-room-3\"", "\"door\": \"room 3\"", "$.locks[0].door")]
    [InlineData("\"issuer\": \"guestaccess\"", "\"issuer\": \"\"", "$.locks[0].issuer")]
    [InlineData("\"timeZone\": \"Europe/Copenhagen\"", "\"timeZone\": \"Europe Copenhagen\"", "$.locks[0].timeZone")]
    [InlineData("\"broker\": \"mqtts://mqtt.guestaccess.example:8883\"", "\"broker\": \"mqtt://user:pw@host:1883\"", "$.broker")]
    [InlineData("\"broker\": \"mqtts://mqtt.guestaccess.example:8883\"", "\"broker\": \"https://host\"", "$.broker")]
    [InlineData("\"doorName\": \"Lokale 3, dør\"", "\"doorName\": \"Lokale 3, dør\", \"floor\": 2", "unknown member 'floor'")]
    [InlineData("\"doorName\": \"Lokale 3, dør\"", "\"doorName\": \"Lokale 3, dør\", \"door\": \"x\"", "$.locks[0].door appears twice")]
    [InlineData("\"issuer\": \"guestaccess\",", "", "$.locks[0] is missing issuer")]
    [InlineData("\"password\": \"s3cret-broker-password-for-room-3\"", "\"password\": 12345", "$.locks[0].password must be a string")]
    [InlineData("\"kid\": \"test-2026\"", "\"kid\": \"test-2026\", \"d\": \"jJB5fKozDgFI7ihMunt\"", "private key")]
    [InlineData("\"trustedKeys\": [", "\"trustedKeys\": [], \"x\": [", "$.locks[0]")]
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
        var entry = Sample().Locks[0];
        var json = new ProvisioningBundle { Locks = [entry] }.ToJson();
        var twice = json.Replace("  \"locks\": [\n", "  \"locks\": [\n" + LockObject(json) + ",\n", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => ProvisioningBundle.Parse(twice));

        Assert.Contains("repeats a lock id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"v\":1,\"type\":\"provisioning_bundle\",\"locks\":[]}")]
    [InlineData("{\"v\":1,\"type\":\"provisioning_bundle\"}")]
    [InlineData("{\"v\":1,\"type\":\"provisioning_bundle\",\"locks\":[1]}")]
    public void Parse_NotABundle_IsRefused(string json)
    {
        Assert.False(ProvisioningBundle.TryParse(json, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_WithoutBroker_LeavesItToTheReader()
    {
        var json = new ProvisioningBundle { Locks = Sample().Locks }.ToJson();

        Assert.Null(ProvisioningBundle.Parse(json).Broker);
        Assert.DoesNotContain("\"broker\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_TwoKeysWithOneKid_Throws()
    {
        using var key = Fixtures.ServerKey();
        var bundle = Sample() with { Locks = [Sample().Locks[0] with { TrustedKeys = [key.PublicJwk, key.PublicJwk] }] };

        Assert.Throws<InvalidOperationException>(bundle.ToJson);
    }

    private static string LockObject(string json)
    {
        var start = json.IndexOf("    {", StringComparison.Ordinal);
        var end = json.IndexOf("\n    }", start, StringComparison.Ordinal) + "\n    }".Length;
        return json[start..end];
    }
}
