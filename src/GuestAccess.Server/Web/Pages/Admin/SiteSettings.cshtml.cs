using System.Globalization;
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

/// <summary>Create a site (<c>sites/new/settings</c>) or change one's name, address, minimum age and booking policy, through <see cref="SiteAdministration"/>.</summary>
public sealed class SiteSettingsModel(GuestAccessDb db, SiteAdministration administration, CurrentUser caller, WebText l) : PageModel
{
    public static readonly string[] FieldIds = ["slug", "timeZone", "name", "minimumAge", "policy"];

    private static readonly string[] Posted = ["slug", "timeZone", "name", "street", "postalCode", "city", "minimumAge", "maxBookings", "graceBefore", "graceAfter"];

    public Site? Site { get; private set; }

    public bool IsNew => Site is null;

    public Dictionary<string, string?> Values { get; } = [];

    public FormErrors Errors { get; } = new();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string site, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken))
        {
            return NotFound();
        }

        var policy = Site?.Policy ?? SitePolicy.Default;
        Values["timeZone"] = CreateSiteRequest.DefaultTimeZone;
        Values["name"] = Site?.Name;
        Values["street"] = Site?.Address.Street;
        Values["postalCode"] = Site?.Address.PostalCode;
        Values["city"] = Site?.Address.City;
        Values["minimumAge"] = (Site?.MinimumAge ?? 15).ToString(CultureInfo.InvariantCulture);
        Values["maxBookings"] = policy.MaxActiveBookingsPerCitizen.ToString(CultureInfo.InvariantCulture);
        Values["graceBefore"] = ((int)policy.KeyGraceBefore.TotalMinutes).ToString(CultureInfo.InvariantCulture);
        Values["graceAfter"] = ((int)policy.KeyGraceAfter.TotalMinutes).ToString(CultureInfo.InvariantCulture);
        Notice = AdminNotice.Take(TempData);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string site, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken))
        {
            return NotFound();
        }

        foreach (var key in Posted)
        {
            Values[key] = Request.Form[key].ToString();
        }

        var age = Number("minimumAge", l.T("Skriv aldersgrænsen som et tal", "Write the minimum age as a number"));
        var max = Number("maxBookings", l.T("Skriv antallet som et tal", "Write the number as a number"));
        var before = Number("graceBefore", l.T("Skriv minutter som et tal", "Write minutes as a number"));
        var after = Number("graceAfter", l.T("Skriv minutter som et tal", "Write minutes as a number"));
        Errors.When(!AdminChecks.IsName(Values["name"]), "name", l.T("Skriv stedets navn (1-200 tegn)", "Write the site's name (1-200 characters)"));
        if (Errors.Any)
        {
            return Page();
        }

        var settings = new SiteSettings(
            Values["name"]!,
            new Address(Values["street"], Values["postalCode"], Values["city"]),
            age!.Value,
            new SitePolicy { MaxActiveBookingsPerCitizen = max!.Value, KeyGraceBefore = TimeSpan.FromMinutes(before!.Value), KeyGraceAfter = TimeSpan.FromMinutes(after!.Value) });
        var result = IsNew
            ? await administration.CreateAsync(Values["slug"]?.Trim() ?? string.Empty, Values["timeZone"]?.Trim() ?? string.Empty, settings, caller.RequiredUserId, cancellationToken)
            : await administration.UpdateAsync(Site!.Slug, settings, caller.RequiredUserId, cancellationToken);
        if (result.Value is not { } saved)
        {
            AdminNotice.Show(Errors, result.Refusal!, l, FieldIds);
            return Page();
        }

        AdminNotice.Set(TempData, l.T($"Stedet {saved.Name} er gemt.", $"The site {saved.Name} is saved."));
        return Redirect($"/admin/sites/{saved.Slug}");
    }

    private int? Number(string field, string message)
    {
        if (int.TryParse(Values[field], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            return n;
        }

        Errors.Add(field, message);
        return null;
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (key == "new")
        {
            return true;
        }

        Site = await db.Sites.AsNoTracking().WhereKey(key).SingleOrDefaultAsync(cancellationToken);
        return Site is not null;
    }
}
