using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;

namespace GuestAccess.Server.Seeding;

/// <summary>Turns seed records into domain values.</summary>
internal static class SeedMapping
{
    public static BookingRules Rules(RulesSeed? seed)
    {
        var rules = BookingRules.Default;
        if (seed is null)
        {
            return rules;
        }

        return rules with
        {
            MinDuration = seed.MinDurationMinutes is { } min ? TimeSpan.FromMinutes(min) : rules.MinDuration,
            MaxDuration = seed.MaxDurationMinutes is { } max ? TimeSpan.FromMinutes(max) : rules.MaxDuration,
            SlotGranularity = seed.SlotMinutes is { } slot ? TimeSpan.FromMinutes(slot) : rules.SlotGranularity,
            MinNotice = seed.MinNoticeMinutes is { } notice ? TimeSpan.FromMinutes(notice) : rules.MinNotice,
            MaxHorizon = seed.MaxHorizonDays is { } horizon ? TimeSpan.FromDays(horizon) : rules.MaxHorizon,
            BookableHours = seed.BookableHours ?? rules.BookableHours,
        };
    }

    public static SitePolicy Policy(PolicySeed? seed)
    {
        var policy = SitePolicy.Default;
        return seed is null
            ? policy
            : policy with
            {
                MaxActiveBookingsPerCitizen = seed.MaxActiveBookingsPerCitizen ?? policy.MaxActiveBookingsPerCitizen,
                KeyGraceBefore = seed.KeyGraceBeforeMinutes is { } before ? TimeSpan.FromMinutes(before) : policy.KeyGraceBefore,
                KeyGraceAfter = seed.KeyGraceAfterMinutes is { } after ? TimeSpan.FromMinutes(after) : policy.KeyGraceAfter,
            };
    }

    public static RoomEquipment Equipment(RoomEquipmentName[]? names) =>
        (names ?? []).Aggregate(RoomEquipment.None, (all, name) => all | Enum.Parse<RoomEquipment>(name.ToString()));

    /// <summary>Layered weekly hours normalised per day, explicit exceptions, and holiday closures.</summary>
    public static OpeningHours Hours(HoursSeed seed)
    {
        var weekly = Enum.GetValues<DayOfWeek>().ToDictionary(
            day => day,
            day => DayPlan.Normalize(seed.Weekly.Where(w => w.Days.Days.Contains(day)).SelectMany(w => Layers(w.Staffed, w.SelfService, w.BuildingOnly))));
        var exceptions = (seed.Exceptions ?? [])
            .Select(e => new OpeningException(e.Date, e.Name.Trim(), DayPlan.Normalize(Layers(e.Staffed, e.SelfService, e.BuildingOnly))));
        var closures = (seed.ClosedOnPublicHolidays ? HolidayClosures.PublicHolidays : HolidayClosures.None)
            | (seed.ClosedOnCustomaryDays ? HolidayClosures.CustomaryClosingDays : HolidayClosures.None);
        return new OpeningHours(weekly, exceptions, closures);
    }

    private static IEnumerable<OpeningPeriod> Layers(TimeRanges? staffed, TimeRanges? selfService, TimeRanges? buildingOnly) =>
        Layer(staffed, OpeningKind.Staffed).Concat(Layer(selfService, OpeningKind.SelfService)).Concat(Layer(buildingOnly, OpeningKind.BuildingOnly));

    private static IEnumerable<OpeningPeriod> Layer(TimeRanges? ranges, OpeningKind kind) =>
        (ranges?.Ranges ?? []).Select(r => new OpeningPeriod(r.Start, r.End, kind));
}
