namespace GuestAccess.Domain.Time;

/// <summary>
/// Turns a local date and wall-clock time in a zone into an instant, with one policy for the
/// two hours a year where that is not a one-to-one mapping.
/// </summary>
/// <remarks>
/// Gap (clocks go forward, e.g. 02:30 on 2026-03-29 in Europe/Copenhagen does not exist): both a
/// start and an end resolve to the moment the gap ends (03:00 CEST), so nothing is granted for
/// time that never happens. Overlap (clocks go back, e.g. 02:30 on 2026-10-25 happens twice): a
/// start resolves to the first occurrence and an end to the second, so a window covering the repeated
/// hour is open for every moment whose wall clock lies inside it. (Weekly schedules follow the wall
/// clock exactly, see <see cref="WeeklySchedule.Occurrences"/>.)
/// </remarks>
public static class ZonedTime
{
    public static DateTimeOffset ResolveStart(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        Resolve(date, time, zone, preferLater: false);

    public static DateTimeOffset ResolveEnd(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        Resolve(date, time, zone, preferLater: true);

    /// <summary>The local date of an instant in a zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static DateTimeOffset Resolve(DateOnly date, TimeOnly time, TimeZoneInfo zone, bool preferLater)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return FirstValidAfter(local, zone);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var chosen = preferLater ? offsets.Min() : offsets.Max();
            return new DateTimeOffset(local, chosen).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    // The end of a gap: step forward minute by minute (gaps are at most a few hours, and real
    // zones only ever shift on whole minutes) to the first local time that exists.
    private static DateTimeOffset FirstValidAfter(DateTime local, TimeZoneInfo zone)
    {
        var probe = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(probe); i++)
        {
            probe = probe.AddMinutes(1);
        }

        return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
    }
}
