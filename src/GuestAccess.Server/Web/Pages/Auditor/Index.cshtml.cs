using GuestAccess.Domain.Entries;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Web.Auditor;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Auditor;

/// <summary>
/// The entry log of the auditor's sites: search by site, door, interval (lock time), outcome,
/// method and person, newest first, page by page; the same search as CSV. Every search and
/// export is itself recorded in the audit log (by the audit services).
/// </summary>
public sealed class IndexModel(AuditQueries queries, AuditedPlaces places, CurrentUser caller, WebText l) : PageModel
{
    public const int PageSize = 50;

    public AuditedPlaces Places => places;

    [BindProperty(SupportsGet = true)]
    public string? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Door { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Method { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public FormErrors Errors { get; } = new();

    public AuditPage<EntryView>? Results { get; private set; }

    public bool Searched => Request.Query.Count > 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await Places.LoadAsync(cancellationToken);
        if (Filter() is not { } filter)
        {
            return Errors.Any ? Page() : NotFound();
        }

        Results = await queries.SearchEntriesAsync(caller.RequiredUserId, caller.AuditedSites, filter with { Cursor = Cursor is { Length: > 0 and < 200 } ? Cursor : null, Limit = PageSize }, cancellationToken);
        return Page();
    }

    /// <summary>The same search as CSV (every matching entry, streamed); the export is recorded first.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await Places.LoadAsync(cancellationToken);
        if (Filter() is not { } filter)
        {
            return Errors.Any ? Page() : NotFound();
        }

        await queries.RecordReadAsync(caller.RequiredUserId, "audit.entries_exported", filter.Person, cancellationToken, [.. AuditQueries.Describe(filter, null), ("format", "csv")]);
        return new EntriesCsvResult(queries, caller.AuditedSites, filter);
    }

    /// <summary>The query string of this search (without the page cursor).</summary>
    public string Query() => string.Join('&', new (string Name, string? Value)[] { ("site", Site), ("door", Door), ("from", From), ("to", To), ("outcome", Outcome), ("method", Method), ("person", Person) }
        .Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>The typed filter, or null: with <see cref="Errors"/> when something was mistyped, without when a site or door is outside the caller's scope (404).</summary>
    private EntryFilter? Filter()
    {
        Place? site = null, door = null;
        if (!string.IsNullOrEmpty(Site) && (site = Places.Site(Site)) is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(Door) && (door = Places.Door(Door)) is null)
        {
            return null;
        }

        var from = string.IsNullOrWhiteSpace(From) ? null : TypedTime.ParseInstant(From);
        var to = string.IsNullOrWhiteSpace(To) ? null : TypedTime.ParseInstant(To, endOfDay: true);
        Errors.When(!string.IsNullOrWhiteSpace(From) && from is null, "from", l.T("Skriv fra-tidspunktet som dd-mm-åååå eller dd-mm-åååå tt:mm", "Enter the start as dd-mm-yyyy or dd-mm-yyyy hh:mm"))
            .When(!string.IsNullOrWhiteSpace(To) && to is null, "to", l.T("Skriv til-tidspunktet som dd-mm-åååå eller dd-mm-åååå tt:mm", "Enter the end as dd-mm-yyyy or dd-mm-yyyy hh:mm"))
            .When(from is not null && to is not null && to <= from, "to", l.T("Til-tidspunktet skal være efter fra-tidspunktet", "The end must be after the start"))
            .When(!string.IsNullOrEmpty(Outcome) && !Enum.TryParse<EntryOutcome>(Outcome, out _), "outcome", l.T("Vælg et udfald på listen", "Choose an outcome from the list"))
            .When(!string.IsNullOrEmpty(Method) && !Enum.TryParse<EntryMethod>(Method, out _), "method", l.T("Vælg en metode på listen", "Choose a method from the list"))
            .When(!string.IsNullOrWhiteSpace(Person) && !AuditHolder.IsValid(Person.Trim()), "person", l.T("Skriv personen som citizen:{id} eller guest:{id}", "Enter the person as citizen:{id} or guest:{id}"));
        return Errors.Any ? null : new EntryFilter(
            site?.Id, door?.Id, string.IsNullOrWhiteSpace(Person) ? null : Person.Trim(), from, to,
            string.IsNullOrEmpty(Outcome) ? null : Outcome, string.IsNullOrEmpty(Method) ? null : Method, null, null, null, null);
    }
}
