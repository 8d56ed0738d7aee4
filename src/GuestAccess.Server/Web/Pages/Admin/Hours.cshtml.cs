using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using GuestAccess.Server.Web.Admin;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>A site's opening hours: weekly periods with their kind, holiday closures and dated exceptions, saved through <see cref="SiteAdministration"/>.</summary>
public sealed class HoursModel(GuestAccessDb db, SiteAdministration administration, CurrentUser caller, WebText l) : PageModel
{
    public Site Site { get; private set; } = null!;

    public HoursForm Form { get; private set; } = new();

    public FormErrors Errors { get; } = new();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string site, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(site).SingleOrDefaultAsync(cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Site = found;
        Form = HoursForm.From(found.OpeningHours);
        Notice = AdminNotice.Take(TempData);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string site, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(site).SingleOrDefaultAsync(cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Site = found;
        (Form, var hours) = HoursForm.Read(Request.Form, found.OpeningHours, Errors, l);
        if (hours is null)
        {
            return Page();
        }

        var result = await administration.SetOpeningHoursAsync(found.Slug, hours, caller.RequiredUserId, cancellationToken);
        if (result.Value is not { } changed)
        {
            AdminNotice.Show(Errors, result.Refusal!, l);
            return Page();
        }

        AdminNotice.Set(TempData, l.T("Åbningstiderne er gemt og gælder straks for ledige tider og nye bookinger.", "The opening hours are saved and apply at once to availability and new bookings.")
            + (changed.BookingsOutsideHours > 0
                ? " " + l.T($"{changed.BookingsOutsideHours} kommende booking(er) ligger nu helt eller delvist uden for åbningstiden; de er bevaret.", $"{changed.BookingsOutsideHours} upcoming booking(s) now lie wholly or partly outside the hours; they are kept.")
                : string.Empty));
        return Redirect($"/admin/sites/{found.Slug}/hours");
    }
}
