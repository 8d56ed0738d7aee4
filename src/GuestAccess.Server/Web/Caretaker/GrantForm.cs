using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Web.Shell;

namespace GuestAccess.Server.Web.Caretaker;

/// <summary>
/// The guest-access form as typed: the guest (new grants only), the doors of one site, the period
/// and the weekly schedule (one window per weekday: from and to; both empty for no access that
/// day; all days empty for the whole period), read into the grant service's command with a
/// message per field in the page's language.
/// </summary>
public sealed class GrantForm
{
    /// <summary>Monday first, as a Danish week.</summary>
    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Organisation { get; set; }

    public IReadOnlySet<string> Doors { get; set; } = new HashSet<string>();

    public string? From { get; set; }

    public string? Until { get; set; }

    public Dictionary<DayOfWeek, (string? Start, string? End)> Days { get; } = Week.ToDictionary(d => d, _ => ((string?)null, (string?)null));

    public string? Reason { get; set; }

    public static string DayKey(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static GrantForm Read(IFormCollection form) => new GrantForm
    {
        Name = form["name"].ToString().Trim(),
        Phone = Empty(form["phone"]),
        Email = Empty(form["email"]),
        Organisation = Empty(form["organisation"]),
        Doors = form["doors"].Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!).ToHashSet(StringComparer.Ordinal),
        From = form["from"].ToString().Trim(),
        Until = form["until"].ToString().Trim(),
        Reason = form["reason"].ToString().Trim(),
    }.WithDays(form);

    /// <summary>The form filled from an existing grant, for editing.</summary>
    public static GrantForm Of(KeyDto key)
    {
        var form = new GrantForm
        {
            Doors = key.Doors.Where(d => d.State != DoorReadiness.Removed).Select(d => d.Slug).ToHashSet(StringComparer.Ordinal),
            From = TypedTime.Format(key.ValidFrom),
            Until = TypedTime.Format(key.ValidUntil),
        };
        foreach (var w in key.Schedule ?? [])
        {
            form.Days[w.Day] = (w.Start, w.End);
        }

        return form;
    }

    /// <summary>The guest's details (for a new grant).</summary>
    public GuestDetails? Guest(FormErrors errors, WebText l)
    {
        errors.When(string.IsNullOrWhiteSpace(Name) || Name.Length > 200, "name", l.T("Skriv gæstens navn (højst 200 tegn)", "Enter the guest's name (at most 200 characters)"))
            .When(Phone is not null && !GuestContact.IsPhone(Phone), "phone", l.T("Skriv telefonnummeret med 8-15 cifre, evt. med + først", "Enter the phone number as 8-15 digits, optionally starting with +"))
            .When(Email is not null && !GuestContact.IsEmail(Email), "email", l.T("Skriv en gyldig e-mailadresse", "Enter a valid e-mail address"))
            .When(Phone is null && Email is null, "phone", l.T("Skriv et telefonnummer eller en e-mailadresse: nøglen sendes dertil", "Enter a phone number or an e-mail address: the key is sent there"))
            .When(Organisation is { Length: > 200 }, "organisation", l.T("Organisation: højst 200 tegn", "Organisation: at most 200 characters"));
        return errors.Any ? null : new GuestDetails(Name!, Phone, Email, Organisation);
    }

    /// <summary>Doors, period and schedule as the grant service takes them.</summary>
    public GrantCommand? Command(FormErrors errors, WebText l)
    {
        errors.When(Doors.Count == 0, "doors", l.T("Vælg mindst én dør", "Choose at least one door"));
        var from = TypedTime.ParseInstant(From);
        var until = TypedTime.ParseInstant(Until, endOfDay: true);
        errors.When(from is null, "from", l.T("Skriv startdatoen som dd-mm-åååå (evt. med tt:mm)", "Enter the start date as dd-mm-yyyy (optionally with hh:mm)"))
            .When(until is null, "until", l.T("Skriv slutdatoen som dd-mm-åååå (evt. med tt:mm)", "Enter the end date as dd-mm-yyyy (optionally with hh:mm)"))
            .When(from is not null && until is not null && until <= from, "until", l.T("Slutdatoen skal være efter startdatoen", "The end must be after the start"));
        var windows = new List<TimeWindow>();
        foreach (var day in Week)
        {
            var (startText, endText) = Days[day];
            if (string.IsNullOrWhiteSpace(startText) && string.IsNullOrWhiteSpace(endText))
            {
                continue;
            }

            var start = TypedTime.ParseTime(startText);
            var end = endText?.Trim() == "24:00" ? TimeOnly.MinValue : TypedTime.ParseTime(endText);
            var key = DayKey(day);
            errors.When(start is null, $"{key}-start", l.T("Skriv fra-tidspunktet som tt:mm", "Enter the start time as hh:mm"))
                .When(end is null, $"{key}-end", l.T("Skriv til-tidspunktet som tt:mm", "Enter the end time as hh:mm"))
                .When(start is not null && start == end && end != TimeOnly.MinValue, $"{key}-end", l.T("Fra og til skal være forskellige", "Start and end must differ"));
            if (start is not null && end is not null && (start != end || end == TimeOnly.MinValue))
            {
                windows.Add(new TimeWindow(day, start.Value, end.Value));
            }
        }

        return errors.Any ? null : new GrantCommand(Doors.ToList(), new TimeInterval(from!.Value, until!.Value), windows.Count > 0 ? new WeeklySchedule(windows) : null);
    }

    public string? ReadReason(FormErrors errors, WebText l)
    {
        errors.When(string.IsNullOrWhiteSpace(Reason) || Reason.Length > AccessGrant.MaxReasonLength, "reason", l.T($"Skriv en begrundelse på 1-{AccessGrant.MaxReasonLength} tegn", $"Give a reason of 1-{AccessGrant.MaxReasonLength} characters"));
        return errors.Any ? null : Reason;
    }

    /// <summary>A schedule in words: "mandag 18:00-21:00, torsdag 18:00-21:00".</summary>
    public static string Describe(IReadOnlyList<ScheduleWindowDto>? schedule, WebText l) =>
        schedule is not { Count: > 0 } ? l.T("Hele perioden", "The whole period")
        : string.Join(", ", schedule.Select(w => $"{l.Culture.DateTimeFormat.GetDayName(w.Day)} {w.Start}-{w.End}"));

    private static string? Empty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString().Trim() is { Length: > 0 } text ? text : null;

    private GrantForm WithDays(IFormCollection form)
    {
        foreach (var day in Week)
        {
            Days[day] = (form[$"{DayKey(day)}-start"].ToString().Trim(), form[$"{DayKey(day)}-end"].ToString().Trim());
        }

        return this;
    }
}

/// <summary>What the grant form partial shows: the form, its errors, the site and its doors, and whether it asks for a new guest.</summary>
public sealed record GrantFormView(GrantForm Form, FormErrors Errors, ManagedSite Site, IReadOnlyList<SiteDoor> Doors, bool NewGuest);
