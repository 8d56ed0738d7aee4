using System.Globalization;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Rooms;

/// <summary>What an administrator sets on a room: name, capacity, equipment, booking rules and its room doors (slugs or ids).</summary>
public sealed record RoomSettings(string Name, int Capacity, RoomEquipment Equipment, BookingRules Rules, IReadOnlyList<string> Doors);

/// <summary>
/// Administrators create, change and delete rooms (API and web UI call this one service), audited
/// after each save. Rules, capacity and equipment apply to the next search and booking; bookings
/// already made keep their time and key. A room's doors are room doors of its own site. The doors
/// of a room with upcoming bookings are not changed (their keys name those doors): that is refused
/// with <c>room_has_active_bookings</c>, as is deleting such a room; a room with past bookings is
/// kept for the record (<c>room_has_booking_history</c>).
/// </summary>
public sealed class RoomAdministration(GuestAccessDb db, IAuditTrail audit, TimeProvider clock)
{
    public async Task<AdminResult<Room>> CreateAsync(string siteKey, string slug, RoomSettings settings, Guid actor, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(siteKey).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken) is not { } siteId)
        {
            return new AdminRefusal(ErrorCatalog.SiteNotFound, $"No site '{siteKey}'.");
        }

        if (!Slug.IsValid(slug) || slug == "new")
        {
            return new AdminRefusal(ErrorCatalog.InvalidSlug, "1-64 a-z, 0-9 og enkelte '-' (ikke 'new'). / 1-64 of a-z, 0-9 and single '-' (not 'new').", "slug");
        }

        if (await db.Rooms.AnyAsync(r => r.Slug == slug, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.SlugTaken, $"A room '{slug}' exists already.", "slug");
        }

        var room = new Room(Guid.NewGuid(), siteId, slug, "-", 1);
        if (await ApplyAsync(room, settings, doorsMayChange: true, cancellationToken) is { } refused)
        {
            return refused;
        }

        db.Rooms.Add(room);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "room.created", actor, siteId, Subject(room), Describe(room), cancellationToken);
        return room;
    }

    public async Task<AdminResult<Room>> UpdateAsync(string key, RoomSettings settings, Guid actor, CancellationToken cancellationToken)
    {
        if (await Find(key).Include(r => r.Doors).SingleOrDefaultAsync(cancellationToken) is not { } room)
        {
            return new AdminRefusal(ErrorCatalog.RoomNotFound, $"No room '{key}'.");
        }

        var doorsMayChange = !await HasUpcomingBookingsAsync(room.Id, cancellationToken);
        if (await ApplyAsync(room, settings, doorsMayChange, cancellationToken) is { } refused)
        {
            return refused;
        }

        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "room.updated", actor, room.SiteId, Subject(room), Describe(room), cancellationToken);
        return room;
    }

    public async Task<AdminResult<Room>> DeleteAsync(string key, Guid actor, CancellationToken cancellationToken)
    {
        if (await Find(key).Include(r => r.Doors).SingleOrDefaultAsync(cancellationToken) is not { } room)
        {
            return new AdminRefusal(ErrorCatalog.RoomNotFound, $"No room '{key}'.");
        }

        if (await HasUpcomingBookingsAsync(room.Id, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.RoomHasActiveBookings, "Cancel or wait out the room's upcoming bookings first.");
        }

        if (await db.Bookings.AnyAsync(b => b.RoomId == room.Id, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.RoomHasBookingHistory, "The room has past bookings and is kept for the record; rename it or set its rules instead.");
        }

        db.Rooms.Remove(room);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "room.deleted", actor, room.SiteId, Subject(room), [new("slug", room.Slug), new("name", room.Name)], cancellationToken);
        return room;
    }

    private IQueryable<Room> Find(string key) =>
        Guid.TryParse(key, out var id) ? db.Rooms.Where(r => r.Id == id) : db.Rooms.Where(r => r.Slug == key);

    private Task<bool> HasUpcomingBookingsAsync(Guid roomId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Bookings.AnyAsync(b => b.RoomId == roomId && b.Status == BookingStatus.Confirmed && b.End > now, cancellationToken);
    }

    private async Task<AdminRefusal?> ApplyAsync(Room room, RoomSettings settings, bool doorsMayChange, CancellationToken cancellationToken)
    {
        var keys = settings.Doors.Distinct().ToList();
        var ids = keys.Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).ToList();
        var doors = await db.Doors.AsNoTracking().Where(d => keys.Contains(d.Slug) || ids.Contains(d.Id)).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return new AdminRefusal(ErrorCatalog.RoomWithoutDoor, "A room needs at least one door.", "doors");
        }

        if (doors.Count != keys.Count)
        {
            return new AdminRefusal(ErrorCatalog.DoorNotFound, "Every door must exist.", "doors");
        }

        if (doors.Any(d => d.SiteId != room.SiteId || d.Kind != DoorKind.Room))
        {
            return new AdminRefusal(ErrorCatalog.DoorNotAtSite, "A room's doors are room doors of its own site.", "doors");
        }

        var changesDoors = !doors.Select(d => d.Id).ToHashSet().SetEquals(room.Doors.Select(d => d.DoorId));
        if (changesDoors && !doorsMayChange)
        {
            return new AdminRefusal(ErrorCatalog.RoomHasActiveBookings, "The room has upcoming bookings whose keys name its doors; its doors cannot change now.", "doors");
        }

        try
        {
            room.Rename(settings.Name);
        }
        catch (DomainException e)
        {
            return new AdminRefusal(ErrorCatalog.InvalidName, e.Message, "name");
        }

        try
        {
            room.SetCapacity(settings.Capacity);
        }
        catch (DomainException e)
        {
            return new AdminRefusal(ErrorCatalog.InvalidCapacity, e.Message, "capacity");
        }

        try
        {
            room.SetRules(settings.Rules);
        }
        catch (DomainException e)
        {
            return new AdminRefusal(ErrorCatalog.InvalidBookingRules, e.Message, "bookingRules");
        }

        room.SetEquipment(settings.Equipment);
        if (changesDoors)
        {
            room.SetDoors(doors.Select(d => d.Id));
        }

        return null;
    }

    private static string Subject(Room room) => $"room:{room.Id:D}";

    private static KeyValuePair<string, string?>[] Describe(Room room) =>
    [
        new("slug", room.Slug),
        new("name", room.Name),
        new("capacity", room.Capacity.ToString(CultureInfo.InvariantCulture)),
        new("equipment", string.Join(",", RoomMapping.EquipmentNames(room.Equipment))),
        new("rules", $"{room.Rules.MinDuration.TotalMinutes}-{room.Rules.MaxDuration.TotalMinutes} min, slot {room.Rules.SlotGranularity.TotalMinutes}, notice {room.Rules.MinNotice.TotalMinutes} min, horizon {room.Rules.MaxHorizon.TotalDays} d, {room.Rules.BookableHours}"),
        new("doors", room.Doors.Count.ToString(CultureInfo.InvariantCulture)),
    ];
}
