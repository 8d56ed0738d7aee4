using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Doors;

/// <summary>Whether a door lets people into the building or into one room.</summary>
public enum DoorKind
{
    Entrance,
    Room,
}

/// <summary>A door of a site with exactly one lock controller.</summary>
public sealed class Door
{
    public Door(Guid id, Guid siteId, string slug, string name, DoorKind kind)
    {
        Id = id;
        SiteId = siteId;
        Slug = Common.Slug.Require(slug, "Door slug");
        Name = Names.Require(name, "door name");
        Kind = Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind));
    }

    private Door()
    {
        Slug = Name = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    public string Slug { get; private set; }

    public string Name { get; private set; }

    public DoorKind Kind { get; private set; }

    public long Version { get; private set; }

    public void Rename(string name) => Name = Names.Require(name, "door name");
}
