using GuestAccess.Domain.Identity;
using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Identity.Users;

/// <summary>A role at one site (slug and name) or at every site (site null).</summary>
public sealed record RoleDto(Role Role, RoleSiteDto? Site);

public sealed record RoleSiteDto(Guid Id, string Slug, string Name);

/// <summary>GET /api/v1/me: who the caller is and what they may do where.</summary>
public sealed record MeDto(Guid? Id, string? DisplayName, string? Email, AccountKind? Kind, string? ClientId, string[] Scopes, RoleDto[] Roles);

public sealed record UserDto(Guid Id, string DisplayName, string? Email, AccountKind Kind, bool IsDemo, bool TwoFactorEnabled, bool LockedOut, RoleDto[] Roles);

public sealed record SiteStaffDto(Guid Id, string DisplayName, string? Email, Role[] Roles);

/// <summary>PUT /api/v1/admin/users/{id}/roles: the complete new set of roles.</summary>
public sealed record RoleAssignmentsRequest(RoleRequest[] Roles) : IValidatable
{
    public IDictionary<string, string[]> Validate()
    {
        var errors = new ValidationErrors();
        errors.When(Roles.Length > 200, "roles", "At most 200 role assignments.");
        for (var i = 0; i < Roles.Length; i++)
        {
            var r = Roles[i];
            errors.When(!Enum.IsDefined(r.Role), $"roles[{i}].role", "Unknown role.");
            errors.When(r.Role is Role.Citizen or Role.Admin && r.Site is not null, $"roles[{i}].site", $"The {r.Role} role is not scoped to a site.");
            errors.When(r.Role == Role.Caretaker && r.Site is null, $"roles[{i}].site", "A caretaker needs a site.");
        }

        return errors.ToDictionary();
    }
}

/// <summary>A role, with the site given by slug or id (none for every site).</summary>
public sealed record RoleRequest(Role Role, string? Site = null);
