using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>
/// A provisioning bundle: one or more <see cref="LockProvisioning"/> entries in one JSON file
/// (the server writes it; a controller or the firmware simulator reads it). Schema and rules:
/// docs/lock-protocol.md, "Provisioning bundle". Read strictly: unknown, duplicate or missing
/// members, wrong types and broken rules are refused with an error that names the member, never
/// its value (the file holds passwords).
/// </summary>
public sealed record ProvisioningBundle
{
    public const string TypeName = "provisioning_bundle";
    public const int MaxLocks = 10_000;

    /// <summary>Optional default broker, <c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>.</summary>
    public string? Broker { get; init; }

    public required IReadOnlyList<LockProvisioning> Locks { get; init; }

    /// <summary>Parses a bundle. Throws <see cref="FormatException"/> naming the offending member.</summary>
    public static ProvisioningBundle Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ProvisioningBundleReader.Read(Encoding.UTF8.GetBytes(json));
    }

    public static bool TryParse(string json, [NotNullWhen(true)] out ProvisioningBundle? bundle, [NotNullWhen(false)] out string? error)
    {
        try
        {
            bundle = Parse(json);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            bundle = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The bundle as indented JSON, checked by the reader (throws <see cref="InvalidOperationException"/> if it would not parse).</summary>
    public string ToJson()
    {
        var json = ProvisioningBundleWriter.Write(this);
        try
        {
            Parse(json);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Invalid provisioning bundle: {ex.Message}");
        }

        return json;
    }

    /// <summary>Whether <paramref name="url"/> is a broker URL this format allows.</summary>
    public static bool IsBrokerUrl([NotNullWhen(true)] string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "mqtt" or "mqtts"
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.AbsolutePath is "" or "/"
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    public override string ToString() => $"ProvisioningBundle {{ Broker = {Broker}, Locks = {Locks.Count} }}";
}

internal static class ProvisioningBundleWriter
{
    public static string Write(ProvisioningBundle bundle)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", ProtocolVersion.Current);
            writer.WriteString("type", ProvisioningBundle.TypeName);
            if (bundle.Broker is not null)
            {
                writer.WriteString("broker", bundle.Broker);
            }

            writer.WriteStartArray("locks");
            foreach (var entry in bundle.Locks)
            {
                writer.WriteStartObject();
                writer.WriteString("lock", entry.Lock.Value);
                writer.WriteString("door", entry.Door);
                writer.WriteString("doorName", entry.DoorName);
                writer.WriteString("timeZone", entry.TimeZone);
                writer.WriteString("username", entry.Username);
                writer.WriteString("password", entry.Password);
                writer.WriteString("issuer", entry.Issuer);
                writer.WriteStartArray("trustedKeys");
                foreach (var key in entry.TrustedKeys)
                {
                    using var jwk = JsonDocument.Parse(key.ToJson());
                    jwk.WriteTo(writer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
