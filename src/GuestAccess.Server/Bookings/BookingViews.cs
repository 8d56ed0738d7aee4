using GuestAccess.Domain.Bookings;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Bookings;

/// <summary>Turns bookings into what their citizen (or the site's staff) sees, with each booking's key.</summary>
public static class BookingViews
{
    /// <summary>The bookings the query selects (access must already be enforced in it), soonest first.</summary>
    public static async Task<IReadOnlyList<BookingDto>> DescribeAsync(GuestAccessDb db, IQueryable<Booking> bookings, CancellationToken cancellationToken)
    {
        var found = await bookings.AsNoTracking().OrderBy(b => b.Start).ToListAsync(cancellationToken);
        return await DescribeAsync(db, found, cancellationToken);
    }

    public static async Task<IReadOnlyList<BookingDto>> DescribeAsync(GuestAccessDb db, IReadOnlyList<Booking> bookings, CancellationToken cancellationToken)
    {
        if (bookings.Count == 0)
        {
            return [];
        }

        var roomIds = bookings.Select(b => b.RoomId).Distinct().ToList();
        var siteIds = bookings.Select(b => b.SiteId).Distinct().ToList();
        var grantIds = bookings.Where(b => b.GrantId is not null).Select(b => b.GrantId!.Value).ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => new BookingRoomDto(r.Id, r.Slug, r.Name), cancellationToken);
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new SiteRefDto(s.Id, s.Slug, s.Name), cancellationToken);
        var keys = (await KeyViews.DescribeAsync(db, db.Grants.Where(g => grantIds.Contains(g.Id)), cancellationToken)).ToDictionary(k => k.Id);
        return bookings.Select(b => new BookingDto(
            b.Id,
            rooms[b.RoomId],
            sites[b.SiteId],
            b.Start,
            b.End,
            b.Attendees,
            b.Status,
            b.CreatedAt,
            b.CancelledAt,
            b.GrantId is { } g && keys.TryGetValue(g, out var key) ? key : null)).ToList();
    }

    public static async Task<BookingDto> DescribeAsync(GuestAccessDb db, Booking booking, CancellationToken cancellationToken) =>
        (await DescribeAsync(db, [booking], cancellationToken))[0];

    /// <summary>Upcoming: confirmed and not yet ended.</summary>
    public static IQueryable<Booking> Upcoming(this IQueryable<Booking> bookings, DateTimeOffset now) =>
        bookings.Where(b => b.Status == BookingStatus.Confirmed && b.End > now);
}
