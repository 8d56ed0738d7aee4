using System.Globalization;

namespace GuestAccess.Domain.Tests;

/// <summary>Europe/Copenhagen and helpers to write instants readably in tests.</summary>
internal static class Copenhagen
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>An instant written in UTC, e.g. "2026-03-29T01:00Z".</summary>
    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>An unambiguous local wall-clock time in Copenhagen.</summary>
    public static DateTimeOffset Local(string localIso)
    {
        var local = DateTime.Parse(localIso, CultureInfo.InvariantCulture, DateTimeStyles.None);
        if (Zone.IsInvalidTime(local) || Zone.IsAmbiguousTime(local))
        {
            throw new ArgumentException($"{localIso} is not a unique local time; write it in UTC.", nameof(localIso));
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public static TimeOnly T(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);
}
