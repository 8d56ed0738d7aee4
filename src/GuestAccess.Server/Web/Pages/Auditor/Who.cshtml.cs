using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Web.Auditor;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Auditor;

/// <summary>"Who could have entered room Y between T1 and T2": the grants that let someone through a door of the room, as they stood, with their windows.</summary>
public sealed class WhoModel(AuditInvestigations investigations, AuditedPlaces places, CurrentUser caller, WebText l) : PageModel
{
    public AuditedPlaces Places => places;

    [BindProperty(SupportsGet = true)]
    public string? Room { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public FormErrors Errors { get; } = new();

    public WhoCouldEnterView? Answer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await places.LoadAsync(cancellationToken);
        if (Room is null && From is null && To is null)
        {
            return Page();
        }

        var room = places.Room(Room);
        if (!string.IsNullOrEmpty(Room) && room is null)
        {
            return NotFound();
        }

        var from = TypedTime.ParseInstant(From);
        var to = TypedTime.ParseInstant(To, endOfDay: true);
        Errors.When(room is null, "room", l.T("Vælg et lokale på listen", "Choose a room from the list"))
            .When(from is null, "from", l.T("Skriv fra-tidspunktet som dd-mm-åååå eller dd-mm-åååå tt:mm", "Enter the start as dd-mm-yyyy or dd-mm-yyyy hh:mm"))
            .When(to is null, "to", l.T("Skriv til-tidspunktet som dd-mm-åååå eller dd-mm-åååå tt:mm", "Enter the end as dd-mm-yyyy or dd-mm-yyyy hh:mm"))
            .When(from is not null && to is not null && to <= from, "to", l.T("Til-tidspunktet skal være efter fra-tidspunktet", "The end must be after the start"))
            .When(from is not null && to is not null && to - from > IntervalQuery.MaxLength, "to", l.T("Tidsrummet kan højst være 366 dage", "The interval can be at most 366 days"));
        if (Errors.Any)
        {
            return Page();
        }

        Answer = await investigations.WhoCouldEnterAsync(caller.RequiredUserId, caller.AuditedSites, room!.Slug, from!.Value, to!.Value, cancellationToken);
        return Answer is null ? NotFound() : Page();
    }
}
