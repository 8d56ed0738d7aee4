using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Export;

/// <summary>
/// The verifiable export: JSON Lines (UTF-8, one object per line), in this order —
/// <code>
/// {"type":"header","format":"guestaccess-audit-export","version":1,"exportedAt":…,"from":1,"to":N,"publicKeys":{"keys":[JWK…]}}
/// {"type":"checkpoint","token":"&lt;JWS&gt;"}                       every checkpoint up to N
/// {"type":"record","seq":…,"format":1,"recordedAt":"…Z","category":…,"action":…,"actor":…,"site":…,"door":…,
///  "subject":…,"outcome":…,"data":"&lt;exact JSON text&gt;","personalDigest":"hex"|null,"previousHash":"hex","hash":"hex"}
/// {"type":"end","records":count,"lastSequence":N}
/// </code>
/// It carries exactly the chained fields (personal data never leaves: only its digest), so the file
/// verifies with the public key alone. Times are UTC with microseconds, GUIDs lowercase, hashes hex.
/// </summary>
public static class AuditExport
{
    public const string Format = "guestaccess-audit-export";
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    // A file, never HTML: only what JSON requires is escaped, so the data text stays readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes records [from, to] (to = the head when null) with the checkpoints and keys needed to verify them.</summary>
    public static async Task<long> WriteAsync(Stream output, System.Data.Common.DbConnection connection, IReadOnlyList<EcPublicJwk> keys, long from, long? to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = Head(connection);
        var last = Math.Min(to ?? head, head);
        var lines = new LineWriter(output);
        await using (lines)
        {
            lines.Write(w =>
            {
                w.WriteString("type", "header");
                w.WriteString("format", Format);
                w.WriteNumber("version", 1);
                w.WriteString("exportedAt", Time(DbValue.Micros(now)));
                w.WriteNumber("from", from);
                w.WriteNumber("to", last);
                w.WritePropertyName("publicKeys");
                w.WriteRawValue(AuditPublicKeys.ToJwks(keys));
            });

            foreach (var token in Checkpoints(connection, last))
            {
                lines.Write(w =>
                {
                    w.WriteString("type", "checkpoint");
                    w.WriteString("token", token);
                });
            }

            long count = 0;
            foreach (var (sequence, record, _, error) in DatabaseRecords.Read(connection, from, last, withPersonal: false))
            {
                if (record is null)
                {
                    throw new InvalidDataException($"Record {sequence} cannot be exported: {error}. Run 'audit verify' on the database.");
                }

                lines.Write(w => WriteRecord(w, record));
                count++;
                await lines.FlushIfFullAsync(cancellationToken);
            }

            lines.Write(w =>
            {
                w.WriteString("type", "end");
                w.WriteNumber("records", count);
                w.WriteNumber("lastSequence", last);
            });
            await lines.FlushAsync(cancellationToken);
            return count;
        }
    }

    internal static string Time(long micros) => DbValue.Instant(micros).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void WriteRecord(Utf8JsonWriter w, ChainRecord r)
    {
        w.WriteString("type", "record");
        w.WriteNumber("seq", r.Sequence);
        w.WriteNumber("format", r.Format);
        w.WriteString("recordedAt", Time(r.RecordedAtMicros));
        w.WriteString("category", r.Category);
        w.WriteString("action", r.Action);
        w.WriteString("actor", r.ActorId?.ToString("D"));
        w.WriteString("site", r.SiteId?.ToString("D"));
        w.WriteString("door", r.DoorId?.ToString("D"));
        w.WriteString("subject", r.Subject);
        w.WriteString("outcome", r.Outcome);
        w.WriteString("data", r.Data);
        w.WriteString("personalDigest", r.PersonalDigest is null ? null : Convert.ToHexStringLower(r.PersonalDigest));
        w.WriteString("previousHash", Convert.ToHexStringLower(r.PreviousHash));
        w.WriteString("hash", Convert.ToHexStringLower(r.Hash));
    }

    private static long Head(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(sequence), 0) FROM audit_records";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static List<string> Checkpoints(System.Data.Common.DbConnection connection, long upTo)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token FROM audit_checkpoints WHERE sequence <= @to ORDER BY sequence";
        command.AddParameter("@to", upTo);
        using var reader = command.ExecuteReader();
        var tokens = new List<string>();
        while (reader.Read())
        {
            tokens.Add(reader.GetString(0));
        }

        return tokens;
    }

    /// <summary>Buffers lines and writes them asynchronously (HTTP responses allow no synchronous writes).</summary>
    private sealed class LineWriter(Stream output) : IAsyncDisposable
    {
        private const int FlushAt = 64 * 1024;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
        private readonly Utf8JsonWriter _json = new(Stream.Null, Options);

        public void Write(Action<Utf8JsonWriter> body)
        {
            _json.Reset(_buffer);
            _json.WriteStartObject();
            body(_json);
            _json.WriteEndObject();
            _json.Flush();
            _buffer.Write("\n"u8);
        }

        public async ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
        {
            if (_buffer.WrittenCount >= FlushAt)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
            await output.FlushAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync() => await _json.DisposeAsync();
    }
}
