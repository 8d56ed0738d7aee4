using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>Writes a bundle as indented UTF-8 JSON in the member order of docs section 15.1.</summary>
internal static class ProvisioningBundleWriter
{
    public static string Write(ProvisioningBundle bundle)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", ProtocolVersion.Current);
            writer.WriteString("type", ProvisioningBundle.TypeName);
            writer.WriteNumber("createdAt", bundle.CreatedAt.ToUnixTimeSeconds());
            writer.WriteStartObject("broker");
            writer.WriteString("host", bundle.Broker.Host);
            writer.WriteNumber("port", bundle.Broker.Port);
            writer.WriteBoolean("tls", bundle.Broker.Tls);
            if (bundle.Broker.CaCertificate is { } ca)
            {
                writer.WriteString("caCertificate", ca);
            }

            writer.WriteEndObject();
            writer.WriteString("mobileKeyIssuer", bundle.MobileKeyIssuer);
            writer.WriteStartArray("trustedKeys");
            foreach (var key in bundle.TrustedKeys)
            {
                using var jwk = JsonDocument.Parse(key.ToJson());
                jwk.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("locks");
            foreach (var entry in bundle.Locks)
            {
                writer.WriteStartObject();
                writer.WriteString("lock", entry.Lock.Value);
                writer.WriteString("door", entry.Door);
                writer.WriteString("doorName", entry.DoorName);
                writer.WriteString("site", entry.Site);
                writer.WriteString("timeZone", entry.TimeZone);
                writer.WriteString("username", entry.Username);
                writer.WriteString("password", entry.Password);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
