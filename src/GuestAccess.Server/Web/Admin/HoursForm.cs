using System.Globalization;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Sites;
using GuestAccess.Server.Web.Shell;

namespace GuestAccess.Server.Web.Admin;

/// <summary>
/// The opening hours form: per weekday up to <see cref="Rows"/> periods (from, to, kind; both
/// times empty = no period), the holiday closures, the existing exceptions (each can be removed)
/// and one new exception (a closed day, or one period). Read into the same
/// <see cref="OpeningHoursInput"/> the API takes, so both check the same rules.
/// </summary>
public sealed class HoursForm
{
    public const int Rows = 3;

    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public Dictionary<string, string?> Values { get; } = [];

    public IReadOnlyList<OpeningException> Exceptions { get; private set; } = [];

    public bool PublicHolidays { get; private set; }

    public bool CustomaryClosingDays { get; private set; }

    public static string Key(DayOfWeek day, int row) => $"{day.ToString()[..3].ToLowerInvariant()}-{row}";

    public string? this[string field] => Values.GetValueOrDefault(field);

    public static HoursForm From(OpeningHours hours)
    {
        var form = new HoursForm { Exceptions = hours.Exceptions.ToList(), PublicHolidays = hours.HolidayClosures.HasFlag(HolidayClosures.PublicHolidays), CustomaryClosingDays = hours.HolidayClosures.HasFlag(HolidayClosures.CustomaryClosingDays) };
        foreach (var day in Week)
        {
            foreach (var (p, i) in hours.WeeklyPeriods(day).Take(Rows).Select((p, i) => (p, i)))
            {
                form.Values[$"{Key(day, i)}-start"] = SiteMapping.Time(p.Start, false);
                form.Values[$"{Key(day, i)}-end"] = SiteMapping.Time(p.End, true);
                form.Values[$"{Key(day, i)}-kind"] = p.Kind.ToString();
            }
        }

        return form;
    }

    /// <summary>Reads the posted form; the hours, or null with the problems in <paramref name="errors"/>.</summary>
    public static (HoursForm Form, OpeningHours? Hours) Read(IFormCollection posted, OpeningHours current, FormErrors errors, WebText l)
    {
        var form = new HoursForm
        {
            PublicHolidays = posted["hol-public"] == "true",
            CustomaryClosingDays = posted["hol-customary"] == "true",
        };
        foreach (var field in posted.Keys.Where(k => k != "__RequestVerificationToken"))
        {
            form.Values[field] = posted[field].ToString();
        }

        var removed = posted["remove-exception"].ToHashSet();
        form.Exceptions = current.Exceptions.ToList();
        var weekly = new List<WeekdayHoursDto>();
        var dayField = new List<string>();
        foreach (var day in Week)
        {
            var periods = new List<PeriodDto>();
            for (var i = 0; i < Rows; i++)
            {
                if (form.Period(Key(day, i), l, errors, dayName: l.Culture.DateTimeFormat.GetDayName(day)) is { } period)
                {
                    periods.Add(period);
                }
            }

            weekly.Add(new WeekdayHoursDto(day, periods));
            dayField.Add($"{Key(day, 0)}-start");
        }

        var exceptions = current.Exceptions.Where(e => !removed.Contains(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Select(e => new ExceptionDto(e.Date, e.Name, e.Periods.Select(SiteMapping.Period).ToArray())).ToList();
        var newDate = form["ex-date"];
        var newName = form["ex-name"];
        if (!string.IsNullOrWhiteSpace(newDate) || !string.IsNullOrWhiteSpace(newName))
        {
            var date = TypedTime.ParseDate(newDate);
            errors.When(date is null, "ex-date", l.T("Skriv datoen som dd-mm-åååå", "Write the date as dd-mm-yyyy"))
                .When(string.IsNullOrWhiteSpace(newName), "ex-name", l.T("Giv undtagelsen et navn, fx Personaledag", "Name the exception, e.g. Staff day"));
            var period = form.Period("ex", l, errors, dayName: null);
            if (date is { } d && !string.IsNullOrWhiteSpace(newName))
            {
                exceptions.RemoveAll(e => e.Date == d);
                exceptions.Add(new ExceptionDto(d, newName.Trim(), period is null ? [] : [period]));
            }
        }

        var closures = new List<HolidayClosures>();
        if (form.PublicHolidays)
        {
            closures.Add(HolidayClosures.PublicHolidays);
        }

        if (form.CustomaryClosingDays)
        {
            closures.Add(HolidayClosures.CustomaryClosingDays);
        }

        if (errors.Any)
        {
            return (form, null);
        }

        var found = new ValidationErrors();
        if (new OpeningHoursInput(weekly, exceptions, closures).TryBuild(found, out var hours))
        {
            return (form, hours);
        }

        foreach (var (field, messages) in found.ToDictionary())
        {
            var target = field.StartsWith("weekly[", StringComparison.Ordinal) && int.TryParse(field[7..field.IndexOf(']', StringComparison.Ordinal)], out var k) && k < dayField.Count
                ? dayField[k]
                : "ex-date";
            var message = messages[0];
            errors.Add(target, l.English ? message[(message.IndexOf(" / ", StringComparison.Ordinal) + 3)..] : message[..message.IndexOf(" / ", StringComparison.Ordinal)]);
        }

        return (form, null);
    }

    private PeriodDto? Period(string key, WebText l, FormErrors errors, string? dayName)
    {
        var startText = this[$"{key}-start"];
        var endText = this[$"{key}-end"];
        if (string.IsNullOrWhiteSpace(startText) && string.IsNullOrWhiteSpace(endText))
        {
            return null;
        }

        var where = dayName is null ? string.Empty : $" ({dayName})";
        var start = Normalize(startText, isEnd: false);
        var end = Normalize(endText, isEnd: true);
        errors.When(start is null, $"{key}-start", l.T($"Skriv fra-tidspunktet som tt:mm{where}", $"Write the start as hh:mm{where}"))
            .When(end is null, $"{key}-end", l.T($"Skriv til-tidspunktet som tt:mm, 24:00 for midnat{where}", $"Write the end as hh:mm, 24:00 for midnight{where}"));
        if (start is null || end is null)
        {
            return null;
        }

        if (!Enum.TryParse<OpeningKind>(this[$"{key}-kind"], out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add($"{key}-kind", l.T("Vælg en åbningsform på listen", "Choose a kind of opening from the list"));
            return null;
        }

        OpeningHoursInput.TryTime(start, false, out var s);
        OpeningHoursInput.TryTime(end, true, out var e);
        if (e <= s && e != TimeOnly.MinValue)
        {
            errors.Add($"{key}-end", l.T($"Til-tidspunktet skal ligge efter fra-tidspunktet{where}", $"The end must be after the start{where}"));
            return null;
        }

        return new PeriodDto(start, end, kind);
    }

    private static string? Normalize(string? text, bool isEnd)
    {
        var trimmed = text?.Trim().Replace('.', ':');
        if (isEnd && trimmed is "24:00" or "24")
        {
            return "24:00";
        }

        return TypedTime.ParseTime(trimmed) is { } t ? t.ToString("HH:mm", CultureInfo.InvariantCulture) : null;
    }
}
