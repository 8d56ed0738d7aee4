using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Identity.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace GuestAccess.Server.Web.Auditor;

/// <summary>An entry search streamed as CSV (the audit service's writer, page by page), downloaded as <c>entries.csv</c>.</summary>
public sealed class EntriesCsvResult(AuditQueries queries, SiteScope scope, EntryFilter filter) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = "entries.csv" }.ToString();
        await AuditCsv.WriteEntriesAsync(response.Body, queries, scope, filter, context.HttpContext.RequestAborted);
    }
}
