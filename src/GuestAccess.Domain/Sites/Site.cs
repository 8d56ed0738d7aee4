using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Sites;

/// <summary>A library (or other public building) with its own time zone, hours and rules.</summary>
public sealed class Site
{
    public const int MinAllowedAge = 0;
    public const int MaxAllowedAge = 18;

    private readonly List<WeeklyOpeningPeriod> _weeklyHours = [];
    private readonly List<OpeningExceptionDay> _exceptionDays = [];
    private OpeningHours? _openingHours;

    public Site(Guid id, string slug, string name, string timeZoneId)
    {
        Id = id;
        Slug = Common.Slug.Require(slug, "Site slug");
        Name = Names.Require(name, "site name");
        TimeZoneId = RequireZone(timeZoneId);
        Address = Address.Unknown;
        Policy = SitePolicy.Default;
    }

    private Site()
    {
        Slug = Name = TimeZoneId = string.Empty;
        Address = Address.Unknown;
        Policy = SitePolicy.Default;
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; }

    public string Name { get; private set; }

    /// <summary>IANA time zone id, e.g. Europe/Copenhagen. Times are stored in UTC and shown in this zone.</summary>
    public string TimeZoneId { get; private set; }

    public Address Address { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>Minimum age to book rooms or hold a key here (15–18 in Aarhus).</summary>
    public int MinimumAge { get; private set; }

    public SitePolicy Policy { get; private set; }

    public HolidayClosures HolidayClosures { get; private set; }

    /// <summary>Optimistic concurrency token, bumped by the persistence layer on every update.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<WeeklyOpeningPeriod> WeeklyHours => _weeklyHours;

    public IReadOnlyList<OpeningExceptionDay> ExceptionDays => _exceptionDays;

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public GeoCoordinates? Coordinates => Latitude is { } lat && Longitude is { } lon ? new GeoCoordinates(lat, lon) : null;

    public OpeningHours OpeningHours => _openingHours ??= BuildOpeningHours();

    public void Rename(string name) => Name = Names.Require(name, "site name");

    public void MoveToTimeZone(string timeZoneId) => TimeZoneId = RequireZone(timeZoneId);

    public void Relocate(Address address, GeoCoordinates? coordinates)
    {
        Address = address;
        Latitude = coordinates?.Latitude;
        Longitude = coordinates?.Longitude;
    }

    public void SetMinimumAge(int years)
    {
        if (years is < MinAllowedAge or > MaxAllowedAge)
        {
            throw new DomainException("invalid_minimum_age", $"Minimum age must be between {MinAllowedAge} and {MaxAllowedAge}.");
        }

        MinimumAge = years;
    }

    public void SetPolicy(SitePolicy policy) => Policy = policy;

    public void SetOpeningHours(OpeningHours hours)
    {
        _weeklyHours.Clear();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            _weeklyHours.AddRange(hours.WeeklyPeriods(day).Select(p => new WeeklyOpeningPeriod(day, p.Start, p.End, p.Kind)));
        }

        _exceptionDays.Clear();
        _exceptionDays.AddRange(hours.Exceptions.Select(e => new OpeningExceptionDay(e.Date, e.Name, e.Periods)));
        HolidayClosures = hours.HolidayClosures;
        _openingHours = hours;
    }

    private OpeningHours BuildOpeningHours() => new(
        _weeklyHours.GroupBy(p => p.Day).ToDictionary(g => g.Key, g => (IReadOnlyList<OpeningPeriod>)g.OrderBy(p => p.Start).Select(p => p.Period).ToArray()),
        _exceptionDays.Select(d => new OpeningException(d.Date, d.Name, d.Periods.OrderBy(p => p.Start).Select(p => p.Period).ToArray())),
        HolidayClosures);

    private static string RequireZone(string timeZoneId)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _))
        {
            throw new DomainException("unknown_time_zone", $"Unknown time zone '{timeZoneId}'.");
        }

        return timeZoneId;
    }
}
