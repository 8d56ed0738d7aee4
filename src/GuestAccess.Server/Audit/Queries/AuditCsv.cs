using System.Globalization;
using CsvHelper;
using GuestAccess.Server.Identity.Authorization;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>
/// Streams any search as CSV (RFC 4180, UTF-8, comma, header row), page by page with the keyset
/// cursor, so an export of millions of rows never sits in memory. Cells that a spreadsheet would
/// run as a formula are escaped (CsvHelper's injection protection).
/// </summary>
internal static class AuditCsv
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };

    public static async Task WriteRecordsAsync(Stream output, AuditQueries queries, SiteScope scope, RecordFilter filter, CancellationToken cancellationToken)
    {
        await using var csv = Open(output);
        Header(csv, "sequence", "recorded_at", "category", "action", "actor_id", "site_id", "door_id", "subject", "outcome", "data", "holder", "personal", "personal_deleted", "hash");
        await csv.EndRecordAsync(cancellationToken);
        string? cursor = null;
        do
        {
            var page = await queries.RecordsAsync(scope, filter with { Cursor = cursor, Limit = AuditPaging.MaxLimit }, cancellationToken);
            foreach (var r in page.Items)
            {
                Fields(csv, r.Sequence, Time(r.RecordedAt), r.Category, r.Action, r.ActorId, r.SiteId, r.DoorId, r.Subject, r.Outcome, r.Data?.GetRawText(),
                    r.Personal?.Holder, r.Personal?.Fields?.GetRawText(), r.PersonalDeleted ? "true" : "false", r.Hash);
                await csv.EndRecordAsync(cancellationToken);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    public static async Task WriteEntriesAsync(Stream output, AuditQueries queries, SiteScope scope, EntryFilter filter, CancellationToken cancellationToken)
    {
        await using var csv = Open(output);
        Header(csv, "audit_sequence", "lock_id", "lock_sequence", "site_id", "door_id", "kind", "occurred_at", "received_at", "outcome", "reason", "method", "credential_id", "grant_id", "holder", "details");
        await csv.EndRecordAsync(cancellationToken);
        string? cursor = null;
        do
        {
            var page = await queries.EntriesAsync(scope, filter with { Cursor = cursor, Limit = AuditPaging.MaxLimit }, cancellationToken);
            foreach (var e in page.Items)
            {
                Fields(csv, e.AuditSequence, e.LockId, e.LockSequence, e.SiteId, e.DoorId, e.Kind, Time(e.OccurredAt), Time(e.ReceivedAt), e.Outcome, e.Reason, e.Method,
                    e.CredentialId, e.GrantId, e.Holder, e.Details?.GetRawText());
                await csv.EndRecordAsync(cancellationToken);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private static CsvWriter Open(Stream output) => CsvWriter.Create(output, Options, leaveOpen: true);

    private static void Header(CsvWriter csv, params string[] names)
    {
        foreach (var name in names)
        {
            csv.WriteField(name);
        }
    }

    private static void Fields(CsvWriter csv, params object?[] values)
    {
        foreach (var value in values)
        {
            csv.WriteField(value switch
            {
                null => string.Empty,
                Enum e => Persistence.ModelConventions.ToSnakeCase(e.ToString()),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
        }
    }

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
