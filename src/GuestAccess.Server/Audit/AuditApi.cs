using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Audit;

/// <summary>
/// /api/v1/audit: auditors search, explain, export and verify (scoped to their sites; every read
/// recorded); checkpoints and their public keys are published to anyone (they reveal only hashes,
/// counts and times), so the log can be held to them from outside. /api/v1/me/entries: a
/// citizen's own entries.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var published = routes.MapGroup("/api/v1/audit").WithTags("Audit").AllowAnonymous();
        published.MapGet("/public-keys", PublicKeys).WithName("AuditPublicKeys").WithSummary("The public keys (JWK set) that sign audit checkpoints");
        published.MapGet("/checkpoints", CheckpointsAsync).WithName("AuditCheckpoints").WithSummary("Signed checkpoints of the chain head, newest first");

        var auditors = routes.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuditor().WithValidation();
        auditors.MapGet("/records", SearchRecordsAsync).WithName("SearchAuditRecords").WithSummary("Administrative records by site, door, person, interval, category, action, outcome, actor");
        auditors.MapGet("/records/csv", RecordsCsvAsync).WithName("ExportAuditRecordsCsv").WithSummary("The same search, streamed as CSV");
        auditors.MapGet("/entries", SearchEntriesAsync).WithName("SearchEntries").WithSummary("Entry events by site, door, person, interval (lock time), outcome, method, kind, reason");
        auditors.MapGet("/entries/csv", EntriesCsvAsync).WithName("ExportEntriesCsv").WithSummary("The same search, streamed as CSV");
        auditors.MapGet("/entries/{sequence:long}/explanation", ExplainAsync).WithName("ExplainEntry").WithSummary("Why an entry was denied, with the grant as it stood");
        auditors.MapGet("/rooms/{room}/who-could-enter", WhoCouldEnterAsync).WithName("WhoCouldEnter").WithSummary("Grants that let someone into the room between from and to");
        auditors.MapPost("/verifications", VerifyAsync).WithName("VerifyAuditLog").WithSummary("Verify the chain (or a range) and the signed checkpoints");
        auditors.MapGet("/export", ExportAsync).WithName("ExportAuditLog").WithSummary("The verifiable export (JSON Lines) of the whole log; auditors of every site only");

        var citizens = routes.MapGroup("/api/v1/me/entries").WithTags("Audit").RequireCitizen().WithValidation();
        citizens.MapGet("/", OwnEntriesAsync).WithName("MyEntries").WithSummary("My own entries (GDPR right of access), while they are kept");
        return routes;
    }

    private static ContentHttpResult PublicKeys(AuditVerifier verifier) =>
        TypedResults.Content(AuditPublicKeys.ToJwks(verifier.PublishedKeys()), "application/jwk-set+json");

    private static async Task<Ok<CheckpointView[]>> CheckpointsAsync(GuestAccessDb db, long? before, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var query = db.AuditCheckpoints.AsNoTracking();
        query = before is { } b ? query.Where(c => c.Sequence < b) : query;
        var rows = await query.OrderByDescending(c => c.Sequence).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(c => new CheckpointView(c.Sequence, c.RecordCount, Convert.ToHexStringLower(c.HeadHash), c.CreatedAt, c.KeyId, c.Token)).ToArray());
    }

    private static async Task<Results<Ok<AuditPage<AuditRecordView>>, ProblemHttpResult>> SearchRecordsAsync(
        [AsParameters] RecordFilter filter, CurrentUser caller, AuditQueries queries, HttpContext context, CancellationToken cancellationToken) =>
        OutOfScope(caller, filter.Site) ? SiteNotFound(context) : TypedResults.Ok(await queries.SearchRecordsAsync(caller.RequiredUserId, caller.AuditedSites, filter, cancellationToken));

    private static async Task<Results<Ok<AuditPage<EntryView>>, ProblemHttpResult>> SearchEntriesAsync(
        [AsParameters] EntryFilter filter, CurrentUser caller, AuditQueries queries, HttpContext context, CancellationToken cancellationToken) =>
        OutOfScope(caller, filter.Site) ? SiteNotFound(context) : TypedResults.Ok(await queries.SearchEntriesAsync(caller.RequiredUserId, caller.AuditedSites, filter, cancellationToken));

    private static async Task<IResult> RecordsCsvAsync([AsParameters] RecordFilter filter, CurrentUser caller, AuditQueries queries, HttpContext context, CancellationToken cancellationToken)
    {
        if (OutOfScope(caller, filter.Site))
        {
            return SiteNotFound(context);
        }

        await queries.RecordReadAsync(caller.RequiredUserId, "audit.records_exported", filter.Person, cancellationToken, [.. AuditQueries.Describe(filter, null), ("format", "csv")]);
        return TypedResults.Stream(s => AuditCsv.WriteRecordsAsync(s, queries, caller.AuditedSites, filter, cancellationToken), "text/csv; charset=utf-8", "audit-records.csv");
    }

    private static async Task<IResult> EntriesCsvAsync([AsParameters] EntryFilter filter, CurrentUser caller, AuditQueries queries, HttpContext context, CancellationToken cancellationToken)
    {
        if (OutOfScope(caller, filter.Site))
        {
            return SiteNotFound(context);
        }

        await queries.RecordReadAsync(caller.RequiredUserId, "audit.entries_exported", filter.Person, cancellationToken, [.. AuditQueries.Describe(filter, null), ("format", "csv")]);
        return TypedResults.Stream(s => AuditCsv.WriteEntriesAsync(s, queries, caller.AuditedSites, filter, cancellationToken), "text/csv; charset=utf-8", "entries.csv");
    }

    private static async Task<Results<Ok<EntryExplanationView>, ProblemHttpResult>> ExplainAsync(
        long sequence, CurrentUser caller, AuditInvestigations investigations, HttpContext context, CancellationToken cancellationToken) =>
        await investigations.ExplainAsync(caller.RequiredUserId, caller.AuditedSites, sequence, cancellationToken) is { } explanation
            ? TypedResults.Ok(explanation)
            : ApiProblem.Of(context, ErrorCatalog.EntryNotFound, $"No entry event {sequence}.");

    private static async Task<Results<Ok<WhoCouldEnterView>, ProblemHttpResult>> WhoCouldEnterAsync(
        string room, [AsParameters] IntervalQuery interval, CurrentUser caller, AuditInvestigations investigations, HttpContext context, CancellationToken cancellationToken) =>
        await investigations.WhoCouldEnterAsync(caller.RequiredUserId, caller.AuditedSites, room, interval.From!.Value, interval.To!.Value, cancellationToken) is { } answer
            ? TypedResults.Ok(answer)
            : ApiProblem.Of(context, ErrorCatalog.RoomNotFound, $"No room '{room}'.");

    private static async Task<Ok<VerificationReport>> VerifyAsync(VerificationRequest? request, CurrentUser caller, AuditVerifier verifier, AuditQueries queries, CancellationToken cancellationToken)
    {
        var from = request?.From ?? 1;
        var report = await Task.Run(() => verifier.VerifyDatabase(from, request?.To, cancellationToken: cancellationToken), cancellationToken);
        await queries.RecordReadAsync(caller.RequiredUserId, "audit.verified", null, cancellationToken, ("from", from), ("to", request?.To), ("records", report.RecordsChecked), ("verified", report.Verified ? "true" : "false"), ("problems", report.Problems.Count));
        return TypedResults.Ok(report);
    }

    private static async Task<IResult> ExportAsync(long? from, long? to, CurrentUser caller, AuditDatabase database, AuditVerifier verifier, AuditQueries queries, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        if (!caller.AuditedSites.All)
        {
            return ApiProblem.Of(context, ErrorCatalog.Forbidden, "The verifiable export holds every site's records; ask an auditor of all sites.");
        }

        await queries.RecordReadAsync(caller.RequiredUserId, "audit.exported", null, cancellationToken, ("from", from ?? 1), ("to", to), ("format", AuditExport.Format));
        return TypedResults.Stream(
            async stream =>
            {
                await using var connection = database.OpenRead();
                await AuditExport.WriteAsync(stream, connection, verifier.PublishedKeys(), Math.Max(1, from ?? 1), to, clock.GetUtcNow(), cancellationToken);
            },
            "application/x-ndjson",
            "audit-export.jsonl");
    }

    private static async Task<Ok<AuditPage<EntryView>>> OwnEntriesAsync([AsParameters] EntryFilter filter, CurrentUser caller, AuditQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.OwnEntriesAsync(caller.RequiredUserId, filter, cancellationToken));

    private static bool OutOfScope(CurrentUser caller, Guid? site) => site is { } id && !caller.AuditedSites.Contains(id);

    private static ProblemHttpResult SiteNotFound(HttpContext context) => ApiProblem.Of(context, ErrorCatalog.SiteNotFound, "No such site among those you audit.");
}

/// <summary>Body of POST /api/v1/audit/verifications: the range (default: the whole log).</summary>
public sealed record VerificationRequest(long? From, long? To) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(From is < 1, "from", "from is at least 1.")
        .When(To is not null && To < (From ?? 1), "to", "to is at least from.")
        .ToDictionary();
}

/// <summary>A published checkpoint; <see cref="Token"/> is what to verify, the rest repeats its claims.</summary>
public sealed record CheckpointView(long Sequence, long RecordCount, string HeadHash, DateTimeOffset CreatedAt, string KeyId, string Token);
