namespace GuestAccess.Domain.Sites;

/// <summary>
/// Builds one day's non-overlapping, ordered opening periods from layered input, the way staff
/// describe hours: "self-service 07–22, staffed 10–18" becomes 07–10 self-service,
/// 10–18 staffed, 18–22 self-service. Where layers overlap the higher-precedence kind wins
/// (Staffed > SelfService > BuildingOnly); touching periods of the same kind are merged.
/// </summary>
public static class DayPlan
{
    public static IReadOnlyList<OpeningPeriod> Normalize(IEnumerable<OpeningPeriod> layered)
    {
        // One slot per minute of the day holding the best kind seen so far: simple and exact,
        // since opening hours are whole minutes.
        var best = new int[24 * 60];
        Array.Fill(best, int.MaxValue);
        foreach (var period in layered)
        {
            var rank = Precedence(period.Kind);
            for (var minute = period.StartMinute; minute < period.EndMinute; minute++)
            {
                best[minute] = Math.Min(best[minute], rank);
            }
        }

        var result = new List<OpeningPeriod>();
        var start = 0;
        for (var minute = 1; minute <= best.Length; minute++)
        {
            if (minute < best.Length && best[minute] == best[start])
            {
                continue;
            }

            if (best[start] != int.MaxValue)
            {
                result.Add(new OpeningPeriod(ToTime(start), ToTime(minute), KindOf(best[start])));
            }

            start = minute;
        }

        return result;
    }

    private static int Precedence(OpeningKind kind) => kind switch
    {
        OpeningKind.Staffed => 0,
        OpeningKind.SelfService => 1,
        OpeningKind.BuildingOnly => 2,
    };

    private static OpeningKind KindOf(int precedence) => precedence switch
    {
        0 => OpeningKind.Staffed,
        1 => OpeningKind.SelfService,
        _ => OpeningKind.BuildingOnly,
    };

    private static TimeOnly ToTime(int minute) => minute >= 24 * 60 ? TimeOnly.MinValue : new TimeOnly(minute / 60, minute % 60);
}
