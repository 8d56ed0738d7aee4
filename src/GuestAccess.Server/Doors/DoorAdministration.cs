using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Doors;

/// <summary>
/// Administrators add, rename and delete doors (API and web UI call this one service), audited
/// after each save. A door belongs to the one site it was created at; its slug (also its lock's
/// default id) and kind are fixed. A door is deleted only while nothing depends on it: not used by
/// a room (<c>door_in_use</c>), no lock controller (<c>door_has_lock</c>), no active grant
/// (<c>door_has_active_grants</c>) and no grants or entries in its history (<c>door_has_history</c>).
/// A door's name is not known to its lock, so a rename sends nothing to the lock.
/// </summary>
public sealed class DoorAdministration(GuestAccessDb db, IAuditTrail audit)
{
    public async Task<AdminResult<Door>> CreateAsync(string siteKey, string slug, string name, DoorKind kind, Guid actor, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(siteKey).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken) is not { } siteId)
        {
            return new AdminRefusal(ErrorCatalog.SiteNotFound, $"No site '{siteKey}'.");
        }

        if (!Slug.IsValid(slug) || slug == "new")
        {
            return new AdminRefusal(ErrorCatalog.InvalidSlug, "1-64 a-z, 0-9 og enkelte '-' (ikke 'new'). / 1-64 of a-z, 0-9 and single '-' (not 'new').", "slug");
        }

        if (!Enum.IsDefined(kind))
        {
            return new AdminRefusal(ErrorCatalog.InvalidDoorKind, "entrance or room.", "kind");
        }

        if (await db.Doors.AnyAsync(d => d.Slug == slug, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.SlugTaken, $"A door '{slug}' exists already.", "slug");
        }

        if (!AdminChecks.IsName(name))
        {
            return new AdminRefusal(ErrorCatalog.InvalidName, $"1-{Names.MaxLength}.", "name");
        }

        var door = new Door(Guid.NewGuid(), siteId, slug, name, kind);
        db.Doors.Add(door);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "door.created", actor, siteId, Subject(door), [new("slug", door.Slug), new("name", door.Name), new("kind", door.Kind.ToString())], cancellationToken, door.Id);
        return door;
    }

    public async Task<AdminResult<Door>> RenameAsync(string key, string name, Guid actor, CancellationToken cancellationToken)
    {
        if (await Find(key).SingleOrDefaultAsync(cancellationToken) is not { } door)
        {
            return new AdminRefusal(ErrorCatalog.DoorNotFound, $"No door '{key}'.");
        }

        if (!AdminChecks.IsName(name))
        {
            return new AdminRefusal(ErrorCatalog.InvalidName, $"1-{Names.MaxLength}.", "name");
        }

        door.Rename(name);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "door.renamed", actor, door.SiteId, Subject(door), [new("slug", door.Slug), new("name", door.Name)], cancellationToken, door.Id);
        return door;
    }

    public async Task<AdminResult<Door>> DeleteAsync(string key, Guid actor, CancellationToken cancellationToken)
    {
        if (await Find(key).SingleOrDefaultAsync(cancellationToken) is not { } door)
        {
            return new AdminRefusal(ErrorCatalog.DoorNotFound, $"No door '{key}'.");
        }

        if (await db.RoomDoors.AnyAsync(r => r.DoorId == door.Id, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.DoorInUse, "A room is reached through this door; change the room's doors first.");
        }

        if (await db.Locks.AnyAsync(l => l.DoorId == door.Id, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.DoorHasLock, "The door has a lock controller; its record is kept with the door.");
        }

        var grants = from gd in db.GrantDoors join g in db.Grants on gd.GrantId equals g.Id where gd.DoorId == door.Id select g;
        if (await grants.AnyAsync(g => g.Status == GrantStatus.Active, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.DoorHasActiveGrants, "Keys for this door are active; revoke them or let them expire first.");
        }

        if (await grants.AnyAsync(cancellationToken) || await db.EntryEvents.AnyAsync(e => e.DoorId == door.Id, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.DoorHasHistory, "Keys or entries refer to this door; it is kept for the record.");
        }

        db.Doors.Remove(door);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "door.deleted", actor, door.SiteId, Subject(door), [new("slug", door.Slug), new("name", door.Name)], cancellationToken);
        return door;
    }

    private IQueryable<Door> Find(string key) =>
        Guid.TryParse(key, out var id) ? db.Doors.Where(d => d.Id == id) : db.Doors.Where(d => d.Slug == key);

    private static string Subject(Door door) => $"door:{door.Id:D}";
}
