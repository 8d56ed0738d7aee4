using System.Globalization;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Web.Shell;

namespace GuestAccess.Server.Web.Citizen;

/// <summary>
/// The fields of the room search as typed (query string: site, date, from, to, people), read into
/// a <see cref="RoomSearch"/> with a message per field in the page's language.
/// </summary>
public sealed class RoomSearchForm
{
    public const int MaxPeople = 10_000;

    public string? Site { get; set; }

    public string? Date { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? People { get; set; }

    /// <summary>True when the form was submitted (any field present).</summary>
    public bool Submitted => Site is not null || Date is not null || From is not null || To is not null || People is not null;

    /// <summary>Defaults for an empty form: today in Copenhagen, the next whole hour for an hour, one person.</summary>
    public void FillDefaults(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, WebText.Copenhagen);
        var start = new TimeOnly(local.Hour, 0).AddHours(1);
        Date ??= DateOnly.FromDateTime(local.DateTime).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        From ??= start.ToString("HH:mm", CultureInfo.InvariantCulture);
        To ??= start.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);
        People ??= "1";
    }

    public RoomSearch? Read(IReadOnlyList<Site> sites, FormErrors errors, WebText l)
    {
        Site? site = null;
        if (!string.IsNullOrEmpty(Site))
        {
            site = sites.FirstOrDefault(s => s.Slug == Site);
            errors.When(site is null, "site", l.T("Vælg et bibliotek på listen", "Choose a library from the list"));
        }

        var date = TypedTime.ParseDate(Date);
        errors.When(date is null, "date", l.T("Skriv datoen som dd-mm-åååå", "Enter the date as dd-mm-yyyy"));
        var from = TypedTime.ParseTime(From);
        errors.When(from is null, "from", l.T("Skriv starttidspunktet som tt:mm", "Enter the start time as hh:mm"));
        var to = TypedTime.ParseTime(To);
        errors.When(to is null, "to", l.T("Skriv sluttidspunktet som tt:mm", "Enter the end time as hh:mm"));
        errors.When(from is not null && to == from, "to", l.T("Sluttidspunktet skal være et andet end starttidspunktet", "The end time must differ from the start time"));
        var people = int.TryParse(People, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxPeople ? n : (int?)null;
        errors.When(people is null, "people", l.T("Skriv antal personer som et helt tal fra 1", "Enter the number of people as a whole number from 1"));
        return errors.Any ? null : new RoomSearch(site?.Id, date!.Value, from!.Value, to!.Value, people!.Value);
    }

    /// <summary>The search as a query string, to carry it on to the booking page and back.</summary>
    public string Query(string? room = null) => string.Join('&', new[]
    {
        room is null ? null : $"room={Uri.EscapeDataString(room)}",
        $"site={Uri.EscapeDataString(Site ?? string.Empty)}",
        $"date={Uri.EscapeDataString(Date ?? string.Empty)}",
        $"from={Uri.EscapeDataString(From ?? string.Empty)}",
        $"to={Uri.EscapeDataString(To ?? string.Empty)}",
        $"people={Uri.EscapeDataString(People ?? string.Empty)}",
    }.Where(p => p is not null));

    /// <summary>A free span as local times: "19:00–21:00".</summary>
    public static string Span(TimeInterval interval, TimeZoneInfo zone, WebText l) => $"{l.Clock(interval.Start, zone)}–{l.Clock(interval.End, zone)}";
}
