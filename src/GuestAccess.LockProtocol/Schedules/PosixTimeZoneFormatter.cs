using System.Globalization;
using System.Text;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>
/// Server side: the POSIX TZ rule of an IANA zone as it stands today, derived from the zone's
/// current adjustment rule (deterministic on every OS). Abbreviations are written numerically
/// (<c>&lt;+01&gt;-1&lt;+02&gt;,M3.5.0,M10.5.0/3</c> for Europe/Copenhagen): only offsets matter.
/// Zones whose current rule a POSIX string cannot express (fixed-date or negative DST) are refused.
/// </summary>
public static class PosixTimeZoneFormatter
{
    public static string Format(TimeZoneInfo zone, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var reference = (asOf ?? DateTimeOffset.UtcNow).UtcDateTime;
        var rules = zone.GetAdjustmentRules();
        var last = rules.Length == 0 ? null : rules[^1];
        if (last is null || last.DateEnd < reference.Date || last.DaylightDelta == TimeSpan.Zero)
        {
            return Name(zone.BaseUtcOffset) + Offset(zone.BaseUtcOffset);
        }

        var standard = zone.BaseUtcOffset + last.BaseUtcOffsetDelta;
        var daylight = standard + last.DaylightDelta;
        if (last.DateEnd.Year != 9999 || last.DaylightTransitionStart.IsFixedDateRule || last.DaylightTransitionEnd.IsFixedDateRule
            || last.DaylightDelta < TimeSpan.Zero)
        {
            throw new ArgumentException("The zone's current rule has no POSIX TZ form; give the POSIX string explicitly.", nameof(zone));
        }

        var text = new StringBuilder()
            .Append(Name(standard)).Append(Offset(standard))
            .Append(Name(daylight));
        if (daylight - standard != TimeSpan.FromHours(1))
        {
            text.Append(Offset(daylight));
        }

        text.Append(',').Append(Transition(last.DaylightTransitionStart))
            .Append(',').Append(Transition(last.DaylightTransitionEnd));
        return text.ToString();
    }

    private static string Name(TimeSpan utcOffset)
    {
        var sign = utcOffset < TimeSpan.Zero ? '-' : '+';
        var abs = utcOffset.Duration();
        return abs.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"<{sign}{abs.Hours:00}>")
            : string.Create(CultureInfo.InvariantCulture, $"<{sign}{abs.Hours:00}{abs.Minutes:00}>");
    }

    /// <summary>POSIX offsets are west-positive: UTC+1 is written -1.</summary>
    private static string Offset(TimeSpan utcOffset)
    {
        var west = -utcOffset;
        var sign = west < TimeSpan.Zero ? "-" : string.Empty;
        return sign + Clock(west.Duration());
    }

    private static string Transition(TimeZoneInfo.TransitionTime t)
    {
        var date = string.Create(CultureInfo.InvariantCulture, $"M{t.Month}.{t.Week}.{(int)t.DayOfWeek}");
        var time = t.TimeOfDay.TimeOfDay;
        return time == TimeSpan.FromHours(2) ? date : date + "/" + Clock(time);
    }

    private static string Clock(TimeSpan time)
    {
        var hours = (int)time.TotalHours;
        if (time.Seconds != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}:{time.Minutes:00}:{time.Seconds:00}");
        }

        return time.Minutes != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{time.Minutes:00}")
            : hours.ToString(CultureInfo.InvariantCulture);
    }
}
