using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Web.Auditor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Auditor;

/// <summary>
/// One entry of the log and why it went as it did ("why was this person denied"): the reason in
/// words, the grant as it stood at that moment, and notes (retention, lock clock). The same
/// <see cref="AuditInvestigations.ExplainAsync"/> as the API; the reading is recorded in the audit
/// log (<c>audit.entry_explained</c>); entries of other sites are 404.
/// </summary>
public sealed class EntryModel(AuditInvestigations investigations, AuditedPlaces places, CurrentUser caller) : PageModel
{
    public AuditedPlaces Places => places;

    public EntryExplanationView Explanation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long sequence, CancellationToken cancellationToken)
    {
        if (await investigations.ExplainAsync(caller.RequiredUserId, caller.AuditedSites, sequence, cancellationToken) is not { } explanation)
        {
            return NotFound();
        }

        await places.LoadAsync(cancellationToken);
        Explanation = explanation;
        return Page();
    }
}
