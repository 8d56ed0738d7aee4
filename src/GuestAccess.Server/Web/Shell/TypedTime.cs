using System.Globalization;

namespace GuestAccess.Server.Web.Shell;

/// <summary>
/// Dates and times typed into text fields (no native date or time pickers: they read differently
/// per browser and locale, and work poorly with screen readers): dd-mm-yyyy as hinted, or
/// yyyy-mm-dd in links; hh:mm; or both, "dd-mm-yyyy hh:mm". Local times are Copenhagen's.
/// </summary>
public static class TypedTime
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy", "d.M.yyyy", "dd/MM/yyyy"];

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>
    /// "dd-mm-yyyy" or "dd-mm-yyyy hh:mm" as an instant in Copenhagen; a date alone is the start
    /// of that day, or with <paramref name="endOfDay"/> the start of the next (for "to" fields).
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? text, bool endOfDay = false)
    {
        var parts = text?.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (parts.Length == 0 || ParseDate(parts[0]) is not { } date)
        {
            return null;
        }

        var time = parts.Length == 2 ? ParseTime(parts[1]) : TimeOnly.MinValue;
        if (time is null)
        {
            return null;
        }

        var local = date.ToDateTime(time.Value);
        if (parts.Length == 1 && endOfDay)
        {
            local = local.AddDays(1);
        }

        var zone = WebText.Copenhagen;
        // A time skipped by the spring change is read as the instant after it; a repeated one as its first occurrence.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>An instant as the fields show it: "dd-MM-yyyy HH:mm" in Copenhagen.</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, WebText.Copenhagen).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture);
}
