using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Bookings;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Citizen;

/// <summary>What a visitor looks for: a library (or all), a local date and time span, and how many people.</summary>
public sealed record RoomSearch(Guid? SiteId, DateOnly Date, TimeOnly From, TimeOnly To, int People);

/// <summary>A room that holds the people, with its free time that date and whether the asked span fits in it.</summary>
public sealed record RoomMatch(Site Site, Room Room, IReadOnlyList<TimeInterval> Free, TimeInterval Requested, bool Fits);

/// <summary>
/// Finds rooms for the search form: every room of the site(s) big enough, with the bookings
/// feature's own free/busy computation (<see cref="Availability"/>) for the date. Whether a
/// booking is really allowed (age, notice, overlaps, the citizen's cap) is decided when booking.
/// </summary>
public sealed class RoomFinder(GuestAccessDb db, TimeProvider clock)
{
    public async Task<(IReadOnlyList<RoomMatch> Matches, int TooSmall)> FindAsync(RoomSearch search, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().Where(s => search.SiteId == null || s.Id == search.SiteId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var siteIds = sites.Select(s => s.Id).ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => siteIds.Contains(r.SiteId)).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var fitting = rooms.Where(r => r.Capacity >= search.People).ToList();
        var roomIds = fitting.Select(r => r.Id).ToList();

        // Bookings over the date in any of the zones involved (a day either side covers every offset).
        var rangeStart = new DateTimeOffset(search.Date.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rangeEnd = new DateTimeOffset(search.Date.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var booked = await db.Bookings.AsNoTracking()
            .Where(b => roomIds.Contains(b.RoomId) && b.Status == BookingStatus.Confirmed && b.Start < rangeEnd && b.End > rangeStart)
            .Select(b => new { b.RoomId, b.Start, b.End }).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var matches = new List<RoomMatch>();
        foreach (var room in fitting)
        {
            var site = sites.Single(s => s.Id == room.SiteId);
            var busy = booked.Where(b => b.RoomId == room.Id).Select(b => new TimeInterval(b.Start, b.End)).ToList();
            var free = FreeAcrossMidnight(Availability.Compute(site, room, search.Date, 2, busy, now));
            var requested = Requested(search, site.TimeZone);
            matches.Add(new RoomMatch(site, room, free, requested, free.Any(f => f.Covers(requested))));
        }

        return (matches, rooms.Count - fitting.Count);
    }

    /// <summary>
    /// The searched span as instants in the site's zone; an end at or before the start is on the
    /// next day (22:00 to 01:00 runs past midnight; to 00:00 ends at midnight).
    /// </summary>
    public static TimeInterval Requested(RoomSearch search, TimeZoneInfo zone) =>
        new(ZonedTime.ResolveStart(search.Date, search.From, zone), ZonedTime.ResolveEnd(search.To <= search.From ? search.Date.AddDays(1) : search.Date, search.To, zone));

    /// <summary>The date's free spans, a span that ends at midnight joined with the next day's that starts there.</summary>
    private static List<TimeInterval> FreeAcrossMidnight(IReadOnlyList<AvailabilityDay> days)
    {
        var free = new List<TimeInterval>(days[0].Free);
        foreach (var next in days[1].Free)
        {
            if (free.Count > 0 && free[^1].End == next.Start)
            {
                free[^1] = new TimeInterval(free[^1].Start, next.End);
            }
        }

        return free;
    }
}
