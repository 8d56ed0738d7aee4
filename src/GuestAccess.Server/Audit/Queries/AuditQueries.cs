using System.Text.Json;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Entries;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>
/// The audit log's read side. Every method takes the caller's scope explicitly and enforces it
/// inside the query (what lies outside is simply not found), and every auditor read is itself
/// recorded (<c>audit.*</c> actions, category AuditAccess) before its results are returned — if
/// the read cannot be recorded, it fails.
/// </summary>
public sealed class AuditQueries(GuestAccessDb db, IAuditTrail trail)
{
    public async Task<AuditPage<AuditRecordView>> SearchRecordsAsync(Guid actor, SiteScope scope, RecordFilter filter, CancellationToken cancellationToken = default)
    {
        var page = await RecordsAsync(scope, filter, cancellationToken);
        await RecordReadAsync(actor, "audit.records_searched", filter.Person, cancellationToken, Describe(filter, page.Items.Count));
        return page;
    }

    public async Task<AuditPage<EntryView>> SearchEntriesAsync(Guid actor, SiteScope scope, EntryFilter filter, CancellationToken cancellationToken = default)
    {
        var page = await EntriesAsync(scope, filter, cancellationToken);
        await RecordReadAsync(actor, "audit.entries_searched", filter.Person, cancellationToken, Describe(filter, page.Items.Count));
        return page;
    }

    /// <summary>A citizen's own entries (GDPR right of access): only events whose personal part names them, while it is kept.</summary>
    public Task<AuditPage<EntryView>> OwnEntriesAsync(Guid citizenId, EntryFilter filter, CancellationToken cancellationToken = default) =>
        EntriesAsync(SiteScope.Everything, filter with { Person = AuditHolder.Citizen(citizenId), Site = null }, cancellationToken);

    internal async Task<AuditPage<AuditRecordView>> RecordsAsync(SiteScope scope, RecordFilter f, CancellationToken cancellationToken)
    {
        var limit = f.Limit ?? AuditPaging.DefaultLimit;
        var query = db.AuditRecords.AsNoTracking().Where(r => r.Category != AuditCategory.Entry).WhereSiteIn(scope, r => r.SiteId);
        query = f.Site is { } site ? query.Where(r => r.SiteId == site) : query;
        query = f.Door is { } door ? query.Where(r => r.DoorId == door) : query;
        query = f.Actor is { } actor ? query.Where(r => r.ActorId == actor) : query;
        query = f.CategoryValue is { } category ? query.Where(r => r.Category == category) : query;
        query = f.Action is { } action ? query.Where(r => r.Action == action) : query;
        query = f.Outcome is { } outcome ? query.Where(r => r.Outcome == outcome) : query;
        query = f.From is { } from ? query.Where(r => r.RecordedAt >= from) : query;
        query = f.To is { } to ? query.Where(r => r.RecordedAt < to) : query;
        query = f.Person is { } person ? query.Where(r => db.AuditPersonalData.Any(p => p.Sequence == r.Sequence && p.Holder == person)) : query;
        query = AuditCursor.TryRecord(f.Cursor, out var before) ? query.Where(r => r.Sequence < before) : query;
        var rows = await query.OrderByDescending(r => r.Sequence).Take(limit + 1)
            .Select(r => new { Record = r, Personal = db.AuditPersonalData.FirstOrDefault(p => p.Sequence == r.Sequence) })
            .ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(x => new AuditRecordView(
            x.Record.Sequence, x.Record.RecordedAt, x.Record.Category, x.Record.Action, x.Record.ActorId, x.Record.SiteId, x.Record.DoorId,
            x.Record.Subject, x.Record.Outcome, Json(x.Record.Data),
            x.Personal is { Data: { } data } p ? new PersonalView(p.Holder, Json(data)) : null,
            x.Personal is { DeletedAt: not null },
            Convert.ToHexStringLower(x.Record.Hash))).ToArray();
        return new AuditPage<AuditRecordView>(items, rows.Count > limit ? AuditCursor.Record(items[^1].Sequence) : null);
    }

    internal async Task<AuditPage<EntryView>> EntriesAsync(SiteScope scope, EntryFilter f, CancellationToken cancellationToken)
    {
        var limit = f.Limit ?? AuditPaging.DefaultLimit;
        var query = db.EntryEvents.AsNoTracking().WhereSiteIn(scope, e => e.SiteId);
        query = f.Site is { } site ? query.Where(e => e.SiteId == site) : query;
        query = f.Door is { } door ? query.Where(e => e.DoorId == door) : query;
        query = f.From is { } from ? query.Where(e => e.OccurredAt >= from) : query;
        query = f.To is { } to ? query.Where(e => e.OccurredAt < to) : query;
        query = f.OutcomeValue is { } outcome ? query.Where(e => e.Outcome == outcome) : query;
        query = f.MethodValue is { } method ? query.Where(e => e.Method == method) : query;
        query = f.KindValue is { } kind ? query.Where(e => e.Kind == kind) : query;
        query = f.ReasonValue is { } reason ? query.Where(e => e.DenialReason == reason) : query;
        query = f.Person is { } person ? query.Where(e => db.AuditPersonalData.Any(p => p.Sequence == e.AuditSequence && p.Holder == person)) : query;
        if (AuditCursor.TryEntry(f.Cursor, out var after))
        {
            var at = UtcMicrosecondsConverter.FromMicroseconds(after.Micros);
            query = query.Where(e => e.OccurredAt < at || (e.OccurredAt == at && e.AuditSequence < after.Sequence));
        }

        var rows = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.AuditSequence).Take(limit + 1)
            .Select(e => new { Event = e, db.AuditPersonalData.FirstOrDefault(p => p.Sequence == e.AuditSequence)!.Holder })
            .ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(x => View(x.Event, x.Holder)).ToArray();
        return new AuditPage<EntryView>(items, rows.Count > limit
            ? AuditCursor.Entry(UtcMicrosecondsConverter.ToMicroseconds(items[^1].OccurredAt), items[^1].AuditSequence)
            : null);
    }

    internal static EntryView View(EntryEvent e, string? holder) => new(
        e.AuditSequence, e.LockId, e.Sequence, e.SiteId, e.DoorId, e.Kind, e.OccurredAt, e.ReceivedAt,
        e.Outcome, e.DenialReason, e.Method, e.CredentialId, e.GrantId, holder, Json(e.Details));

    /// <summary>Records an auditor's read; the person searched for (if any) goes in the personal part.</summary>
    internal Task RecordReadAsync(Guid actor, string action, string? person, CancellationToken cancellationToken, params (string Key, object? Value)[] details) =>
        trail.RecordAsync(
            new AuditEntry(AuditCategory.AuditAccess, action)
            {
                ActorId = actor,
                Outcome = "succeeded",
                Details = details.Where(d => d.Value is not null)
                    .Select(d => new KeyValuePair<string, string?>(d.Key, d.Value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : d.Value!.ToString()))
                    .ToArray(),
                Personal = person is null ? null : new AuditPersonal(person),
            },
            cancellationToken);

    internal static (string, object?)[] Describe(RecordFilter f, int? results) =>
        [("site", f.Site), ("door", f.Door), ("from", f.From), ("to", f.To), ("category", f.CategoryValue), ("action", f.Action), ("outcome", f.Outcome), ("actor", f.Actor), ("results", results)];

    internal static (string, object?)[] Describe(EntryFilter f, int? results) =>
        [("site", f.Site), ("door", f.Door), ("from", f.From), ("to", f.To), ("outcome", f.OutcomeValue), ("method", f.MethodValue), ("kind", f.KindValue), ("reason", f.ReasonValue), ("results", results)];

    private static JsonElement? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
