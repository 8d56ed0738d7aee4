using System.Globalization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Sites;

namespace GuestAccess.Server.Sites;

public sealed record AddressDto(string? Street, string? PostalCode, string? City);

public sealed record CoordinatesDto(double Latitude, double Longitude);

/// <summary>Whether the site is open at the moment, and when that changes.</summary>
public sealed record OpenNowDto(string State, DateTimeOffset? ChangesAt);

public sealed record SiteSummaryDto(
    Guid Id,
    string Slug,
    string Name,
    AddressDto Address,
    CoordinatesDto? Coordinates,
    string TimeZone,
    int MinimumAge,
    OpenNowDto OpenNow);

public sealed record DoorDto(Guid Id, string Slug, string Name, DoorKind Kind);

public sealed record RoomRefDto(Guid Id, string Slug, string Name, int Capacity);

public sealed record SitePolicyDto(int MaxActiveBookingsPerCitizen, int KeyGraceBeforeMinutes, int KeyGraceAfterMinutes);

public sealed record SiteDetailDto(
    Guid Id,
    string Slug,
    string Name,
    AddressDto Address,
    CoordinatesDto? Coordinates,
    string TimeZone,
    int MinimumAge,
    OpenNowDto OpenNow,
    SitePolicyDto Policy,
    IReadOnlyList<DoorDto> Doors,
    IReadOnlyList<RoomRefDto> Rooms);

public sealed record PeriodDto(string Start, string End, OpeningKind Kind);

public sealed record WeekdayHoursDto(DayOfWeek Day, IReadOnlyList<PeriodDto> Periods);

public sealed record ExceptionDto(DateOnly Date, string Name, IReadOnlyList<PeriodDto> Periods);

public sealed record DatedPeriodDto(string Start, string End, OpeningKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record DayHoursDto(DateOnly Date, DayOfWeek DayOfWeek, string? Exception, IReadOnlyList<DatedPeriodDto> Periods);

public sealed record OpeningHoursDto(
    string TimeZone,
    IReadOnlyList<HolidayClosures> HolidayClosures,
    IReadOnlyList<WeekdayHoursDto> Weekly,
    IReadOnlyList<ExceptionDto> Exceptions,
    IReadOnlyList<DayHoursDto> Days);

internal static class SiteMapping
{
    public static AddressDto Address(Site site) => new(site.Address.Street, site.Address.PostalCode, site.Address.City);

    public static CoordinatesDto? Coordinates(Site site) => site.Coordinates is { } c ? new CoordinatesDto(c.Latitude, c.Longitude) : null;

    public static SiteSummaryDto Summary(Site site, DateTimeOffset now) =>
        new(site.Id, site.Slug, site.Name, Address(site), Coordinates(site), site.TimeZoneId, site.MinimumAge, OpenNow(site, now));

    public static OpenNowDto OpenNow(Site site, DateTimeOffset now)
    {
        var hours = site.OpeningHours;
        var zone = site.TimeZone;
        var today = Domain.Time.ZonedTime.LocalDate(now, zone);
        var intervals = Enumerable.Range(-1, 15).SelectMany(d => hours.IntervalsOn(today.AddDays(d), zone)).ToArray();
        var current = intervals.FirstOrDefault(i => i.Interval.Contains(now));
        if (current.Interval.End != default)
        {
            return new OpenNowDto(State(current.Period.Kind), current.Interval.End);
        }

        var next = intervals.Where(i => i.Interval.Start > now).Select(i => (DateTimeOffset?)i.Interval.Start).FirstOrDefault();
        return new OpenNowDto("closed", next);
    }

    public static PeriodDto Period(OpeningPeriod p) => new(Time(p.Start, isEnd: false), Time(p.End, isEnd: true), p.Kind);

    public static string Time(TimeOnly time, bool isEnd) =>
        isEnd && time == TimeOnly.MinValue ? "24:00" : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string State(OpeningKind kind) => kind switch
    {
        OpeningKind.Staffed => "staffed",
        OpeningKind.SelfService => "selfService",
        OpeningKind.BuildingOnly => "buildingOnly",
    };
}
