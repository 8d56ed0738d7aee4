using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Rooms;

/// <summary>A bookable room, reached through one or more room doors (and the site's entrance).</summary>
public sealed class Room
{
    private readonly List<RoomDoor> _doors = [];

    public Room(Guid id, Guid siteId, string slug, string name, int capacity)
    {
        Id = id;
        SiteId = siteId;
        Slug = Common.Slug.Require(slug, "Room slug");
        Name = Names.Require(name, "room name");
        SetCapacity(capacity);
        Rules = BookingRules.Default;
    }

    private Room()
    {
        Slug = Name = string.Empty;
        Rules = BookingRules.Default;
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    public string Slug { get; private set; }

    public string Name { get; private set; }

    /// <summary>Maximum number of people, attendees included.</summary>
    public int Capacity { get; private set; }

    public RoomEquipment Equipment { get; private set; }

    public BookingRules Rules { get; private set; }

    public long Version { get; private set; }

    /// <summary>The room doors that lead into this room (the site's entrance doors are implied).</summary>
    public IReadOnlyList<RoomDoor> Doors => _doors;

    public void Rename(string name) => Name = Names.Require(name, "room name");

    public void SetCapacity(int capacity) =>
        Capacity = capacity is >= 1 and <= 10_000
            ? capacity
            : throw new DomainException("invalid_capacity", "Capacity must be between 1 and 10000.");

    public void SetEquipment(RoomEquipment equipment) => Equipment = equipment;

    public void SetRules(BookingRules rules) => Rules = rules.Validated();

    public void SetDoors(IEnumerable<Guid> doorIds)
    {
        var ids = doorIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            throw new DomainException("room_without_door", "A room needs at least one door.");
        }

        _doors.RemoveAll(d => !ids.Contains(d.DoorId));
        _doors.AddRange(ids.Where(id => _doors.All(d => d.DoorId != id)).Select(id => new RoomDoor(Id, id)));
    }
}

/// <summary>A door that leads into a room.</summary>
public sealed class RoomDoor(Guid roomId, Guid doorId)
{
    public Guid RoomId { get; private set; } = roomId;

    public Guid DoorId { get; private set; } = doorId;
}
