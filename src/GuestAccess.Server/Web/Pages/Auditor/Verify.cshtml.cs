using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Identity.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuestAccess.Server.Web.Pages.Auditor;

/// <summary>Verifies the whole audit log (hash chain, personal parts, signed checkpoints, with the published keys only) and shows the result; the verification is itself recorded.</summary>
public sealed class VerifyModel(AuditVerifier verifier, AuditQueries queries, CurrentUser caller) : PageModel
{
    public VerificationReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Report = await Task.Run(() => verifier.VerifyDatabase(cancellationToken: cancellationToken), cancellationToken);
        await queries.RecordReadAsync(caller.RequiredUserId, "audit.verified", null, cancellationToken, ("from", 1L), ("records", Report.RecordsChecked), ("verified", Report.Verified ? "true" : "false"), ("problems", Report.Problems.Count));
        return Page();
    }
}
