using System.Globalization;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Export;

/// <summary>
/// Verifies an export file (<see cref="AuditExport"/>) as an auditor would: with public keys
/// obtained independently (or, failing that, the ones in the file — the report then says so),
/// the file's checkpoints plus any published ones, and nothing from the server.
/// </summary>
public static class ExportVerifier
{
    /// <param name="file">The export, read line by line.</param>
    /// <param name="trustedKeys">Keys from an independent source; null to use the file's own.</param>
    /// <param name="extraCheckpoints">Published checkpoints (API, sink directory) to hold the file to.</param>
    /// <param name="to">The last sequence the file must reach; null for what its header says.</param>
    public static VerificationReport Verify(TextReader file, IReadOnlyList<EcPublicJwk>? trustedKeys, IEnumerable<string> extraCheckpoints, long? to = null)
    {
        var lineNumber = 1;
        var first = file.ReadLine();
        var header = first is null ? null : ReadHeader(first);
        if (header is null)
        {
            var broken = new ChainVerifier(trustedKeys ?? [], []);
            broken.Report(null, "malformed_export", "The file does not start with a GuestAccess audit export header (version 1).");
            return broken.Complete();
        }

        var notes = new List<string>();
        var keys = trustedKeys ?? header.Keys;
        if (trustedKeys is null)
        {
            notes.Add("The public keys were taken from the file itself. Compare their thumbprints with keys obtained independently: "
                + string.Join(", ", header.Keys.Select(k => $"{k.KeyId} = {k.Thumbprint()}")) + ".");
        }

        // Checkpoint lines come right after the header.
        var tokens = extraCheckpoints.ToList();
        string? line;
        while ((line = file.ReadLine()) is not null && TypeOf(line) == "checkpoint")
        {
            lineNumber++;
            if (ReadString(line, "token") is { } token)
            {
                tokens.Add(token);
            }
        }

        var verifier = new ChainVerifier(keys, tokens, header.From, to ?? header.To);
        var ended = false;
        for (; line is not null; line = file.ReadLine())
        {
            lineNumber++;
            if (ended)
            {
                verifier.Report(null, "malformed_export", $"Line {lineNumber} follows the end line.");
                break;
            }

            switch (TypeOf(line))
            {
                case "record":
                    ReadRecord(line, lineNumber, verifier);
                    break;
                case "end":
                    ended = true;
                    break;
                default:
                    verifier.Report(null, "malformed_record", $"Line {lineNumber} is not a record.");
                    break;
            }
        }

        if (!ended)
        {
            verifier.Report(null, "truncated", "The file ends without its end line: it was cut short.");
        }

        return verifier.Complete() with { Notes = notes };
    }

    private static void ReadRecord(string line, int lineNumber, ChainVerifier verifier)
    {
        long? sequence = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var r = document.RootElement;
            sequence = r.GetProperty("seq").GetInt64();
            verifier.Add(new ChainRecord(
                sequence.Value,
                r.GetProperty("format").GetInt32(),
                DbValue.Micros(DateTimeOffset.ParseExact(r.GetProperty("recordedAt").GetString()!, AuditExport.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
                r.GetProperty("category").GetString()!,
                r.GetProperty("action").GetString()!,
                Id(r, "actor"),
                Id(r, "site"),
                Id(r, "door"),
                Text(r, "subject"),
                Text(r, "outcome"),
                Text(r, "data"),
                Text(r, "personalDigest") is { } digest ? Convert.FromHexString(digest) : null,
                Convert.FromHexString(r.GetProperty("previousHash").GetString()!),
                Convert.FromHexString(r.GetProperty("hash").GetString()!)));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            if (sequence is { } known)
            {
                verifier.Malformed(known, $"line {lineNumber} has a missing or malformed field");
            }
            else
            {
                verifier.Report(null, "malformed_record", $"Line {lineNumber} is not a readable record.");
            }
        }
    }

    private static Header? ReadHeader(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var r = document.RootElement;
            if (Text(r, "type") != "header" || Text(r, "format") != AuditExport.Format || r.GetProperty("version").GetInt32() != 1)
            {
                return null;
            }

            return new Header(r.GetProperty("from").GetInt64(), r.GetProperty("to").GetInt64(), AuditPublicKeys.Parse(r.GetProperty("publicKeys").GetRawText()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? TypeOf(string line) => ReadString(line, "type");

    // Reads one top-level string member without building a document (checkpoint and type peeks).
    private static string? ReadString(string line, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static Guid? Id(JsonElement element, string name) => Text(element, name) is { } text ? Guid.ParseExact(text, "D") : null;

    private sealed record Header(long From, long To, IReadOnlyList<EcPublicJwk> Keys);
}
