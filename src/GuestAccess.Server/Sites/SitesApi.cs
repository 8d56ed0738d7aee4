using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Sites;

/// <summary>Public information about the libraries: readable without signing in.</summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSites(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/sites").WithTags("Sites").AllowAnonymous().WithValidation();
        group.MapGet("/", ListAsync).WithName("ListSites").WithSummary("All sites, with whether each is open now");
        group.MapGet("/{site}", GetAsync).WithName("GetSite").WithSummary("One site by slug or id, with its doors and rooms");
        group.MapGet("/{site}/opening-hours", OpeningHoursAsync).WithName("GetOpeningHours")
            .WithSummary("Weekly hours, exceptions, and the concrete hours of a range of dates");
        return group;
    }

    private static async Task<Ok<SiteSummaryDto[]>> ListAsync(GuestAccessDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(sites.Select(s => SiteMapping.Summary(s, now)).ToArray());
    }

    private static async Task<Results<Ok<SiteDetailDto>, ProblemHttpResult>> GetAsync(string site, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await db.Sites.AsNoTracking().WhereKey(site).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var doors = await db.Doors.AsNoTracking().Where(d => d.SiteId == found.Id).OrderBy(d => d.Kind).ThenBy(d => d.Name)
            .Select(d => new DoorDto(d.Id, d.Slug, d.Name, d.Kind)).ToListAsync(cancellationToken);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.SiteId == found.Id).OrderBy(r => r.Name)
            .Select(r => new RoomRefDto(r.Id, r.Slug, r.Name, r.Capacity)).ToListAsync(cancellationToken);
        var policy = new SitePolicyDto(found.Policy.MaxActiveBookingsPerCitizen, (int)found.Policy.KeyGraceBefore.TotalMinutes, (int)found.Policy.KeyGraceAfter.TotalMinutes);
        return TypedResults.Ok(new SiteDetailDto(
            found.Id, found.Slug, found.Name, SiteMapping.Address(found), SiteMapping.Coordinates(found), found.TimeZoneId, found.MinimumAge,
            SiteMapping.OpenNow(found, clock.GetUtcNow()), policy, doors, rooms));
    }

    private static async Task<Results<Ok<OpeningHoursDto>, ProblemHttpResult>> OpeningHoursAsync(
        string site, [AsParameters] OpeningHoursQuery query, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await db.Sites.AsNoTracking().WhereKey(site).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var hours = found.OpeningHours;
        var zone = found.TimeZone;
        var from = query.From ?? ZonedTime.LocalDate(clock.GetUtcNow(), zone);
        var days = Enumerable.Range(0, query.Days ?? 7).Select(i => from.AddDays(i)).Select(date => new DayHoursDto(
            date,
            date.DayOfWeek,
            hours.ExceptionOn(date)?.Name,
            hours.IntervalsOn(date, zone).Select(x => new DatedPeriodDto(
                SiteMapping.Time(x.Period.Start, isEnd: false), SiteMapping.Time(x.Period.End, isEnd: true), x.Period.Kind, x.Interval.Start, x.Interval.End)).ToArray()));

        var weekly = MondayFirst().Select(d => new WeekdayHoursDto(d, hours.WeeklyPeriods(d).Select(SiteMapping.Period).ToArray()));
        var exceptions = hours.Exceptions.Select(e => new ExceptionDto(e.Date, e.Name, e.Periods.Select(SiteMapping.Period).ToArray()));
        var closures = Enum.GetValues<HolidayClosures>().Where(c => c != HolidayClosures.None && hours.HolidayClosures.HasFlag(c));
        return TypedResults.Ok(new OpeningHoursDto(found.TimeZoneId, closures.ToArray(), weekly.ToArray(), exceptions.ToArray(), days.ToArray()));
    }

    private static IEnumerable<DayOfWeek> MondayFirst() => Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7));
}
