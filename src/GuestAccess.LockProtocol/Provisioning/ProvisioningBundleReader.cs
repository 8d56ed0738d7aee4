using System.Globalization;
using System.Text.Json;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>The strict reader behind <see cref="ProvisioningBundle.Parse"/>. Errors name members, never values.</summary>
internal static class ProvisioningBundleReader
{
    private static readonly string[] BundleMembers = ["v", "type", "broker", "locks"];
    private static readonly string[] LockMembers = ["lock", "door", "doorName", "timeZone", "username", "password", "issuer", "trustedKeys"];

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
            var root = Members(document.RootElement, "$", BundleMembers, ["v", "type", "locks"]);
            if (root["v"].ValueKind != JsonValueKind.Number || !root["v"].TryGetInt32(out var version) || version != ProtocolVersion.Current)
            {
                throw new FormatException($"$.v must be {ProtocolVersion.Current}.");
            }

            if (String(root["type"], "$.type", 64) != ProvisioningBundle.TypeName)
            {
                throw new FormatException($"$.type must be \"{ProvisioningBundle.TypeName}\".");
            }

            string? broker = null;
            if (root.TryGetValue("broker", out var brokerElement))
            {
                broker = String(brokerElement, "$.broker", 2048);
                Require(ProvisioningBundle.IsBrokerUrl(broker), "$.broker must be mqtt://host[:port] or mqtts://host[:port] without credentials, path or query");
            }

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

            return new ProvisioningBundle { Broker = broker, Locks = entries };
        }
    }

    private static LockProvisioning ReadLock(JsonElement element, string path)
    {
        var members = Members(element, path, LockMembers, LockMembers);
        Require(LockId.TryParse(String(members["lock"], $"{path}.lock", LockId.MaxLength), out var lockId), $"{path}.lock: {LockId.Rule}");
        var door = String(members["door"], $"{path}.door", WireText.MaxIdentifierLength);
        Require(WireText.IsIdentifier(door), $"{path}.door must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        var doorName = String(members["doorName"], $"{path}.doorName", WireText.MaxFreeTextLength);
        Require(WireText.IsFreeText(doorName), $"{path}.doorName must be 1-200 characters without control characters");
        var timeZone = String(members["timeZone"], $"{path}.timeZone", 64);
        Require(IsTimeZoneId(timeZone), $"{path}.timeZone must be an IANA time zone id");
        var username = String(members["username"], $"{path}.username", LockProvisioning.MaxSecretLength);
        Require(WireText.IsFreeText(username, LockProvisioning.MaxSecretLength), $"{path}.username must be 1-{LockProvisioning.MaxSecretLength} characters without control characters");
        var password = String(members["password"], $"{path}.password", LockProvisioning.MaxSecretLength);
        Require(WireText.IsFreeText(password, LockProvisioning.MaxSecretLength), $"{path}.password must be 1-{LockProvisioning.MaxSecretLength} characters without control characters");
        var issuer = String(members["issuer"], $"{path}.issuer", WireText.MaxIdentifierLength);
        Require(WireText.IsIdentifier(issuer), $"{path}.issuer must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        return new LockProvisioning
        {
            Lock = lockId,
            Door = door,
            DoorName = doorName,
            TimeZone = timeZone,
            Username = username,
            Password = password,
            Issuer = issuer,
            TrustedKeys = ReadKeys(members["trustedKeys"], $"{path}.trustedKeys"),
        };
    }

    private static List<EcPublicJwk> ReadKeys(JsonElement element, string path)
    {
        Require(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() is >= 1 and <= LockProvisioning.MaxTrustedKeys, $"{path} must be an array of 1-{LockProvisioning.MaxTrustedKeys} public JWKs");
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

    private static string String(JsonElement element, string path, int maxLength)
    {
        Require(element.ValueKind == JsonValueKind.String, $"{path} must be a string");
        var value = element.GetString()!;
        Require(value.Length <= maxLength, $"{path} is longer than {maxLength} characters");
        return value;
    }

    private static bool IsTimeZoneId(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+');

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message + ".");
        }
    }
}
