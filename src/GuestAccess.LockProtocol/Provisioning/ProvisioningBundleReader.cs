using System.Globalization;
using System.Text.Json;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>The strict reader behind <see cref="ProvisioningBundle.Parse"/>. Errors name members, never values.</summary>
internal static class ProvisioningBundleReader
{
    private const string IdentifierRule = "1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'";
    private static readonly string[] BundleMembers = ["v", "type", "createdAt", "broker", "mobileKeyIssuer", "trustedKeys", "locks"];
    private static readonly string[] BrokerMembers = ["host", "port", "tls", "caCertificate"];
    private static readonly string[] LockMembers = ["lock", "door", "doorName", "site", "timeZone", "username", "password"];

    public static ProvisioningBundle Read(byte[] utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw new FormatException("The provisioning bundle is not valid JSON.");
        }

        using (document)
        {
            var root = Members(document.RootElement, "$", BundleMembers, BundleMembers);
            Require(root["v"].ValueKind == JsonValueKind.Number && root["v"].TryGetInt32(out var version) && version == ProtocolVersion.Current, $"$.v must be {ProtocolVersion.Current}");
            Require(String(root["type"], "$.type", 64) == ProvisioningBundle.TypeName, $"$.type must be \"{ProvisioningBundle.TypeName}\"");
            var createdAt = root["createdAt"].ValueKind == JsonValueKind.Number && root["createdAt"].TryGetInt64(out var seconds) ? seconds : -1;
            Require(createdAt is >= 0 and <= 253402300799, "$.createdAt must be Unix seconds");
            var issuer = String(root["mobileKeyIssuer"], "$.mobileKeyIssuer", WireText.MaxIdentifierLength);
            Require(WireText.IsIdentifier(issuer), $"$.mobileKeyIssuer must be {IdentifierRule}");
            var locks = root["locks"];
            Require(locks.ValueKind == JsonValueKind.Array && locks.GetArrayLength() is >= 1 and <= ProvisioningBundle.MaxLocks, $"$.locks must be an array of 1-{ProvisioningBundle.MaxLocks} locks");
            var entries = new List<LockProvisioning>(locks.GetArrayLength());
            var seen = new HashSet<LockId>();
            var index = 0;
            foreach (var element in locks.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"$.locks[{index++}]");
                var entry = ReadLock(element, path);
                Require(seen.Add(entry.Lock), $"{path}.lock repeats a lock id listed before");
                entries.Add(entry);
            }

            return new ProvisioningBundle
            {
                CreatedAt = DateTimeOffset.FromUnixTimeSeconds(createdAt),
                Broker = ReadBroker(root["broker"]),
                MobileKeyIssuer = issuer,
                TrustedKeys = ReadKeys(root["trustedKeys"], "$.trustedKeys"),
                Locks = entries,
            };
        }
    }

    private static BrokerAddress ReadBroker(JsonElement element)
    {
        var members = Members(element, "$.broker", BrokerMembers, ["host", "port", "tls"]);
        var host = String(members["host"], "$.broker.host", 253);
        Require(Uri.CheckHostName(host) != UriHostNameType.Unknown, "$.broker.host must be a host name or IP address");
        var port = members["port"].ValueKind == JsonValueKind.Number && members["port"].TryGetInt32(out var number) ? number : 0;
        Require(port is >= 1 and <= 65535, "$.broker.port must be 1-65535");
        Require(members["tls"].ValueKind is JsonValueKind.True or JsonValueKind.False, "$.broker.tls must be true or false");
        string? ca = null;
        if (members.TryGetValue("caCertificate", out var caElement))
        {
            ca = String(caElement, "$.broker.caCertificate", 64 * 1024);
            Require(ca.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal), "$.broker.caCertificate must be a PEM certificate");
        }

        return new BrokerAddress { Host = host, Port = port, Tls = members["tls"].GetBoolean(), CaCertificate = ca };
    }

    private static LockProvisioning ReadLock(JsonElement element, string path)
    {
        var members = Members(element, path, LockMembers, LockMembers);
        Require(LockId.TryParse(String(members["lock"], $"{path}.lock", LockId.MaxLength), out var lockId), $"{path}.lock: {LockId.Rule}");
        return new LockProvisioning
        {
            Lock = lockId,
            Door = Identifier(members["door"], $"{path}.door"),
            DoorName = Text(members["doorName"], $"{path}.doorName", WireText.MaxFreeTextLength),
            Site = Identifier(members["site"], $"{path}.site"),
            TimeZone = TimeZone(members["timeZone"], $"{path}.timeZone"),
            Username = Text(members["username"], $"{path}.username", LockProvisioning.MaxSecretLength),
            Password = Text(members["password"], $"{path}.password", LockProvisioning.MaxSecretLength),
        };
    }

    private static List<EcPublicJwk> ReadKeys(JsonElement element, string path)
    {
        Require(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() is >= 1 and <= ProvisioningBundle.MaxTrustedKeys, $"{path} must be an array of 1-{ProvisioningBundle.MaxTrustedKeys} public JWKs");
        var keys = new List<EcPublicJwk>();
        var index = 0;
        foreach (var key in element.EnumerateArray())
        {
            var keyPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]");
            Require(key.ValueKind == JsonValueKind.Object, $"{keyPath} must be a JWK object");
            try
            {
                keys.Add(EcPublicJwk.Parse(key.GetRawText()));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{keyPath}: {ex.Message}");
            }
        }

        Require(keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count() == keys.Count, $"{path} must not repeat a kid");
        return keys;
    }

    /// <summary>The members of an object, refusing unknown, duplicate and missing ones.</summary>
    private static Dictionary<string, JsonElement> Members(JsonElement element, string path, string[] allowed, string[] required)
    {
        Require(element.ValueKind == JsonValueKind.Object, $"{path} must be a JSON object");
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            Require(allowed.Contains(property.Name, StringComparer.Ordinal), $"{path} has an unknown member{LockMessageCodec.Quote(property.Name)}");
            Require(members.TryAdd(property.Name, property.Value), $"{path}.{property.Name} appears twice");
        }

        var missing = required.Where(name => !members.ContainsKey(name)).ToList();
        Require(missing.Count == 0, $"{path} is missing {string.Join(", ", missing)}");
        return members;
    }

    private static string Identifier(JsonElement element, string path)
    {
        var value = String(element, path, WireText.MaxIdentifierLength);
        Require(WireText.IsIdentifier(value), $"{path} must be {IdentifierRule}");
        return value;
    }

    private static string Text(JsonElement element, string path, int maxLength)
    {
        var value = String(element, path, maxLength);
        Require(WireText.IsFreeText(value, maxLength), $"{path} must be 1-{maxLength} characters without control characters");
        return value;
    }

    private static string TimeZone(JsonElement element, string path)
    {
        var value = String(element, path, 64);
        Require(value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'), $"{path} must be an IANA time zone id");
        return value;
    }

    private static string String(JsonElement element, string path, int maxLength)
    {
        Require(element.ValueKind == JsonValueKind.String, $"{path} must be a string");
        var value = element.GetString()!;
        Require(value.Length <= maxLength, $"{path} is longer than {maxLength} characters");
        return value;
    }

    private static void Require([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message + ".");
        }
    }
}
