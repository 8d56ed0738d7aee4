using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Bookings;

/// <summary>What a citizen asks for: a room (slug or id), an interval and how many attend.</summary>
public sealed record BookingCommand(string Room, TimeInterval Interval, int Attendees);

/// <summary>How a request to book or move a booking ended.</summary>
public abstract record BookingOutcome;

/// <summary>Booked (or moved): the booking, its new key and the key's secrets, to be shown once.</summary>
public sealed record BookingIssued(Booking Booking, AccessGrant Grant, IssuedSecrets Secrets) : BookingOutcome;

/// <summary>A retry with the same idempotency key and the same request: the booking made the first time.</summary>
public sealed record BookingReplayed(Booking Booking) : BookingOutcome;

/// <summary>The rules refused it: every broken rule, most fundamental first.</summary>
public sealed record BookingRejected(IReadOnlyList<BookingViolation> Violations) : BookingOutcome;

/// <summary>
/// A citizen's bookings: create, cancel, reschedule. Each runs in one <see cref="KeyTransaction"/>
/// that re-checks every rule (overlaps, the active-booking cap) under the write lock, writes the
/// booking and its key, and commits both or neither. Usable from API endpoints and pages alike.
/// </summary>
public sealed class BookingService(GuestAccessDb db, BookingKeys bookingKeys, KeyAudit audit, TimeProvider clock)
{
    public async Task<BookingOutcome> CreateAsync(Guid citizenId, BookingCommand command, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (site, room) = await LoadRoomAsync(command.Room, cancellationToken);
        var fingerprint = Fingerprint(room.Id, command.Interval, command.Attendees);
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        if (idempotencyKey is not null)
        {
            var earlier = await db.Bookings.SingleOrDefaultAsync(b => b.CitizenId == citizenId && b.IdempotencyKey == idempotencyKey, cancellationToken);
            if (earlier is not null)
            {
                return earlier.IdempotencyFingerprint == fingerprint
                    ? new BookingReplayed(earlier)
                    : throw new DomainException("idempotency_key_reused", "This Idempotency-Key was already used for a different booking request; use a new key for a new request.");
            }
        }

        var now = clock.GetUtcNow();
        var violations = await CheckAsync(citizenId, site, room, command.Interval, command.Attendees, exclude: null, now, cancellationToken);
        if (violations.Count > 0)
        {
            return new BookingRejected(violations);
        }

        var booking = new Booking(Guid.NewGuid(), site.Id, room.Id, citizenId, command.Interval, command.Attendees, now);
        if (idempotencyKey is not null)
        {
            booking.SetIdempotencyKey(idempotencyKey, fingerprint);
        }

        db.Bookings.Add(booking);
        var (grant, secrets) = await bookingKeys.IssueAsync(db, site, room, booking, cancellationToken);
        audit.BookingCreated(db, booking, grant);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Committed();
        return new BookingIssued(booking, grant, secrets);
    }

    /// <summary>Cancels a citizen's own booking (also while it runs) and revokes its key at every door.</summary>
    public async Task<Booking> CancelAsync(Guid citizenId, Guid bookingId, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var booking = await OwnAsync(citizenId, bookingId, cancellationToken);
        var now = clock.GetUtcNow();
        if (booking.Status == BookingStatus.Confirmed && booking.End <= now)
        {
            throw new DomainException("booking_ended", "The booking has already ended.");
        }

        booking.Cancel(now);
        await bookingKeys.RevokeAsync(db, booking, citizenId, "Booking aflyst / booking cancelled", cancellationToken);
        audit.BookingCancelled(db, booking);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Committed();
        return booking;
    }

    /// <summary>Moves a booking that has not started: the old key is revoked and a new one issued, atomically.</summary>
    public async Task<BookingOutcome> RescheduleAsync(Guid citizenId, Guid bookingId, TimeInterval interval, int? attendees, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var booking = await OwnAsync(citizenId, bookingId, cancellationToken);
        var now = clock.GetUtcNow();
        if (booking.Status != BookingStatus.Confirmed)
        {
            throw new DomainException("booking_not_active", "Only a confirmed booking can be moved.");
        }

        if (booking.Start <= now)
        {
            throw new DomainException("booking_started", "A booking that has started cannot be moved; cancel it instead.");
        }

        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == booking.SiteId, cancellationToken);
        var room = await db.Rooms.Include(r => r.Doors).SingleAsync(r => r.Id == booking.RoomId, cancellationToken);
        var people = attendees ?? booking.Attendees;
        var violations = await CheckAsync(citizenId, site, room, interval, people, booking.Id, now, cancellationToken);
        if (violations.Count > 0)
        {
            return new BookingRejected(violations);
        }

        var oldGrant = booking.GrantId;
        await bookingKeys.RevokeAsync(db, booking, citizenId, "Booking flyttet / booking moved", cancellationToken);
        booking.Reschedule(interval, people);
        var (grant, secrets) = await bookingKeys.IssueAsync(db, site, room, booking, cancellationToken);
        audit.BookingRescheduled(db, booking, oldGrant ?? Guid.Empty);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Committed();
        return new BookingIssued(booking, grant, secrets);
    }

    /// <summary>The digest an idempotency key is bound to: the room (by id), the interval in UTC and the attendees.</summary>
    public static string Fingerprint(Guid roomId, TimeInterval interval, int attendees) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"booking-v1|{roomId:N}|{interval.Start.UtcTicks}|{interval.End.UtcTicks}|{attendees}"))));

    private async Task<IReadOnlyList<BookingViolation>> CheckAsync(
        Guid citizenId, Site site, Room room, TimeInterval interval, int attendees, Guid? exclude, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overlapping = await db.Bookings.AsNoTracking()
            .Where(b => b.RoomId == room.Id && b.Status == BookingStatus.Confirmed && b.Start < interval.End && b.End > interval.Start && b.Id != exclude)
            .Select(b => new { b.Start, b.End }).ToListAsync(cancellationToken);
        var active = await db.Bookings.AsNoTracking()
            .CountAsync(b => b.CitizenId == citizenId && b.SiteId == site.Id && b.Status == BookingStatus.Confirmed && b.End > now && b.Id != exclude, cancellationToken);
        var citizen = await db.Users.AsNoTracking().SingleAsync(u => u.Id == citizenId, cancellationToken);
        var request = new BookingRequest(
            interval,
            attendees,
            interval.IsEmpty ? null : citizen.AgeOn(ZonedTime.LocalDate(interval.Start, site.TimeZone)),
            active,
            overlapping.Select(o => new TimeInterval(o.Start, o.End)).ToList(),
            now);
        return BookingPolicy.Check(site, room, request);
    }

    private async Task<(Site Site, Room Room)> LoadRoomAsync(string key, CancellationToken cancellationToken)
    {
        var rooms = db.Rooms.AsNoTracking().Include(r => r.Doors);
        var room = Guid.TryParse(key, out var id)
            ? await rooms.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            : await rooms.SingleOrDefaultAsync(r => r.Slug == key, cancellationToken);
        if (room is null)
        {
            throw new DomainException("room_not_found", $"No room '{key}'.");
        }

        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == room.SiteId, cancellationToken);
        return (site, room);
    }

    private async Task<Booking> OwnAsync(Guid citizenId, Guid bookingId, CancellationToken cancellationToken) =>
        await db.Bookings.SingleOrDefaultAsync(b => b.Id == bookingId && b.CitizenId == citizenId, cancellationToken)
        ?? throw new DomainException("booking_not_found", "No such booking.");
}

/// <summary>The key of a booking: the site's entrance doors and the room's doors, valid over the key window.</summary>
public sealed class BookingKeys(KeyIssuer keys, TimeProvider clock)
{
    public async Task<(AccessGrant Grant, IssuedSecrets Secrets)> IssueAsync(GuestAccessDb db, Site site, Room room, Booking booking, CancellationToken cancellationToken)
    {
        db.SiteZones[site.Id] = site.TimeZoneId; // staging and the mobile key need it too
        var doors = await DoorsAsync(db, site.Id, room, cancellationToken);
        var window = BookingPolicy.KeyWindow(site, booking.Interval);
        var grant = AccessGrant.ForBooking(Guid.NewGuid(), site.Id, booking.CitizenId, booking.Id, window, doors, clock.GetUtcNow());
        db.Grants.Add(grant);
        booking.AttachGrant(grant.Id);
        var secrets = await keys.IssueAsync(db, grant, cancellationToken);
        return (grant, secrets);
    }

    /// <summary>Revokes the booking's key (if it is still active) and every credential of it.</summary>
    public async Task RevokeAsync(GuestAccessDb db, Booking booking, Guid by, string reason, CancellationToken cancellationToken)
    {
        if (booking.GrantId is not { } grantId)
        {
            return;
        }

        var grant = await db.Grants.Include(g => g.Doors).SingleAsync(g => g.Id == grantId, cancellationToken);
        if (grant.Status == GrantStatus.Active)
        {
            grant.Revoke(by, reason, clock.GetUtcNow());
        }

        await keys.RevokeAllAsync(db, grant, cancellationToken);
    }

    /// <summary>Every door a booking of the room opens: the site's entrances and the room's own doors.</summary>
    public static async Task<IReadOnlyList<Guid>> DoorsAsync(GuestAccessDb db, Guid siteId, Room room, CancellationToken cancellationToken)
    {
        var entrances = await db.Doors.AsNoTracking().Where(d => d.SiteId == siteId && d.Kind == DoorKind.Entrance).OrderBy(d => d.Slug).Select(d => d.Id).ToListAsync(cancellationToken);
        return entrances.Concat(room.Doors.Select(d => d.DoorId)).Distinct().ToList();
    }
}
