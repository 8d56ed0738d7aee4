using System.Globalization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using GuestAccess.Server.Sites;
using GuestAccess.Server.Web.Admin;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>Create (<c>rooms/new</c>) or change a room: name, capacity, equipment, room doors and booking rules; delete one never booked. Through <see cref="RoomAdministration"/>.</summary>
public sealed class RoomModel(GuestAccessDb db, RoomAdministration administration, CurrentUser caller, WebText l) : PageModel
{
    public const string New = "new";

    public static readonly string[] FieldIds = ["slug", "name", "capacity", "doors", "bookingRules"];

    public Site Site { get; private set; } = null!;

    public Room? Room { get; private set; }

    public IReadOnlyList<Door> SiteDoors { get; private set; } = [];

    public Dictionary<string, string?> Values { get; } = [];

    public RoomEquipment Equipment { get; private set; }

    public HashSet<string> ChosenDoors { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public string? Notice { get; private set; }

    public bool IsNew => Room is null;

    public async Task<IActionResult> OnGetAsync(string site, string room, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, room, cancellationToken))
        {
            return NotFound();
        }

        var r = Room;
        var rules = r?.Rules ?? BookingRules.Default;
        Values["name"] = r?.Name;
        Values["capacity"] = r?.Capacity.ToString(CultureInfo.InvariantCulture);
        Values["min-duration"] = Minutes(rules.MinDuration);
        Values["max-duration"] = Minutes(rules.MaxDuration);
        Values["slot"] = Minutes(rules.SlotGranularity);
        Values["min-notice"] = Minutes(rules.MinNotice);
        Values["horizon"] = ((int)rules.MaxHorizon.TotalDays).ToString(CultureInfo.InvariantCulture);
        Values["bookable-hours"] = rules.BookableHours.ToString();
        Equipment = r?.Equipment ?? RoomEquipment.None;
        ChosenDoors = SiteDoors.Where(d => r?.Doors.Any(x => x.DoorId == d.Id) == true).Select(d => d.Slug).ToHashSet();
        Notice = AdminNotice.Take(TempData);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string site, string room, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, room, cancellationToken))
        {
            return NotFound();
        }

        foreach (var key in new[] { "slug", "name", "capacity", "min-duration", "max-duration", "slot", "min-notice", "horizon", "bookable-hours" })
        {
            Values[key] = Request.Form[key].ToString();
        }

        Equipment = Request.Form["equipment"].Select(e => Enum.TryParse<RoomEquipment>(e, out var x) && Enum.IsDefined(x) ? x : RoomEquipment.None).Aggregate(RoomEquipment.None, (a, b) => a | b);
        ChosenDoors = Request.Form["doors"].Where(d => d is not null).Select(d => d!).ToHashSet();
        var capacity = Number("capacity", l.T("Skriv antal pladser som et tal", "Write the capacity as a number"));
        var rules = new BookingRules
        {
            MinDuration = TimeSpan.FromMinutes(Number("min-duration", l.T("Skriv minutter som et tal", "Write minutes as a number")) ?? 0),
            MaxDuration = TimeSpan.FromMinutes(Number("max-duration", l.T("Skriv minutter som et tal", "Write minutes as a number")) ?? 0),
            SlotGranularity = TimeSpan.FromMinutes(Number("slot", l.T("Skriv minutter som et tal", "Write minutes as a number")) ?? 0),
            MinNotice = TimeSpan.FromMinutes(Number("min-notice", l.T("Skriv minutter som et tal", "Write minutes as a number")) ?? 0),
            MaxHorizon = TimeSpan.FromDays(Number("horizon", l.T("Skriv dage som et tal", "Write days as a number")) ?? 0),
            BookableHours = Values["bookable-hours"] == nameof(BookableHours.UnstaffedOnly) ? BookableHours.UnstaffedOnly : BookableHours.AnyOpening,
        };
        Errors.When(!AdminChecks.IsName(Values["name"]), "name", l.T("Skriv lokalets navn (1-200 tegn)", "Write the room's name (1-200 characters)"))
            .When(ChosenDoors.Count == 0, "doors", l.T("Vælg mindst én dør ind til lokalet", "Choose at least one door into the room"));
        if (Errors.Any)
        {
            return Page();
        }

        var settings = new RoomSettings(Values["name"]!, capacity!.Value, Equipment, rules, ChosenDoors.ToList());
        var result = IsNew
            ? await administration.CreateAsync(Site.Slug, Values["slug"]?.Trim() ?? string.Empty, settings, caller.RequiredUserId, cancellationToken)
            : await administration.UpdateAsync(Room!.Slug, settings, caller.RequiredUserId, cancellationToken);
        if (result.Value is not { } saved)
        {
            AdminNotice.Show(Errors, result.Refusal!, l, FieldIds);
            return Page();
        }

        AdminNotice.Set(TempData, l.T($"Lokalet {saved.Name} er gemt. Ændringen gælder straks for søgning og nye bookinger.", $"The room {saved.Name} is saved. The change applies at once to searches and new bookings."));
        return Redirect($"/admin/sites/{Site.Slug}/rooms/{saved.Slug}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string site, string room, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, room, cancellationToken) || Room is null)
        {
            return NotFound();
        }

        var result = await administration.DeleteAsync(Room.Slug, caller.RequiredUserId, cancellationToken);
        if (result.Refusal is { } refused)
        {
            AdminNotice.Show(Errors, refused, l);
            return await OnGetAsync(site, room, cancellationToken);
        }

        AdminNotice.Set(TempData, l.T($"Lokalet {Room.Name} er slettet.", $"The room {Room.Name} is deleted."));
        return Redirect($"/admin/sites/{Site.Slug}");
    }

    private static string Minutes(TimeSpan span) => ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture);

    private int? Number(string field, string message)
    {
        if (int.TryParse(Values[field], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1_000_000)
        {
            return n;
        }

        Errors.Add(field, message);
        return null;
    }

    private async Task<bool> LoadAsync(string siteKey, string roomKey, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(siteKey).SingleOrDefaultAsync(cancellationToken) is not { } site)
        {
            return false;
        }

        Site = site;
        SiteDoors = await db.Doors.AsNoTracking().Where(d => d.SiteId == site.Id && d.Kind == DoorKind.Room).OrderBy(d => d.Name).ToListAsync(cancellationToken);
        if (roomKey == New)
        {
            return true;
        }

        Room = await db.Rooms.AsNoTracking().Include(r => r.Doors).SingleOrDefaultAsync(r => r.Slug == roomKey && r.SiteId == site.Id, cancellationToken);
        return Room is not null;
    }
}
