namespace GuestAccess.Domain.Identity;

/// <summary>What a person may do. Caretaker and auditor roles are scoped to sites.</summary>
public enum Role
{
    /// <summary>Books rooms and sees their own bookings, keys and entries.</summary>
    Citizen,

    /// <summary>Manages the doors, locks and guest access of their own sites.</summary>
    Caretaker,

    /// <summary>Reads and verifies the audit log of their sites (or all sites); read-only.</summary>
    Auditor,

    /// <summary>Registers sites, rooms, doors, locks, hours, users and roles.</summary>
    Admin,
}

/// <summary>A role held by a user, for one site or (SiteId null) for all sites.</summary>
public sealed class RoleAssignment
{
    public RoleAssignment(Guid id, Guid userId, Role role, Guid? siteId)
    {
        if (role is Role.Citizen or Role.Admin && siteId is not null)
        {
            throw new ArgumentException($"The {role} role is not scoped to a site.", nameof(siteId));
        }

        if (role == Role.Caretaker && siteId is null)
        {
            throw new ArgumentException("A caretaker is always scoped to a site.", nameof(siteId));
        }

        Id = id;
        UserId = userId;
        Role = role;
        SiteId = siteId;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Role Role { get; private set; }

    public Guid? SiteId { get; private set; }
}
