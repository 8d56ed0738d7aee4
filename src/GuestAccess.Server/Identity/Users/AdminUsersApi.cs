using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Users;

/// <summary>Administrators list accounts and set their roles (takes effect on the very next request).</summary>
public static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/users").WithTags("Administration").RequireAdmin().WithValidation();
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Every account with its roles (filter with ?search=)");
        group.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetUserRoles").WithSummary("Replace an account's roles");
        return group;
    }

    private static async Task<Ok<UserDto[]>> ListAsync(string? search, GuestAccessDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (search is { Length: > 0 })
        {
            var pattern = $"%{search.Trim().ToUpperInvariant()}%";
            users = users.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern) || EF.Functions.Like(u.DisplayName.ToUpper(), pattern));
        }

        var list = await users.OrderBy(u => u.DisplayName).Take(500).ToListAsync(cancellationToken);
        var ids = list.Select(u => u.Id).ToList();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var result = new List<UserDto>();
        foreach (var u in list)
        {
            var own = await RoleViews.DescribeAsync(db, roles.Where(r => r.UserId == u.Id).Select(r => new RoleGrant(r.Role, r.SiteId)), cancellationToken);
            result.Add(new UserDto(u.Id, u.DisplayName, u.Email, u.Kind, u.IsDemo, u.TwoFactorEnabled, u.LockoutEnd > now, own));
        }

        return TypedResults.Ok(result.ToArray());
    }

    private static async Task<Results<Ok<RoleDto[]>, ProblemHttpResult>> SetRolesAsync(
        Guid id, RoleAssignmentsRequest request, RoleAssignments assignments, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return ApiProblem.Of(context, ErrorCatalog.UserNotFound, $"No user {id}.");
        }

        var keys = request.Roles.Where(r => r.Site is not null).Select(r => r.Site!).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => keys.Contains(s.Slug) || keys.Contains(s.Id.ToString())).Select(s => new { s.Id, s.Slug }).ToListAsync(cancellationToken);
        var wanted = new HashSet<RoleGrant>();
        foreach (var r in request.Roles)
        {
            var site = r.Site is null ? null : sites.FirstOrDefault(s => s.Slug == r.Site || s.Id.ToString() == r.Site);
            if (r.Site is not null && site is null)
            {
                return ApiProblem.Of(context, ErrorCatalog.InvalidRoleAssignment, $"Unknown site '{r.Site}'.");
            }

            wanted.Add(new RoleGrant(r.Role, site?.Id));
        }

        var result = await assignments.ReplaceAsync(id, wanted, caller.RequiredUserId, cancellationToken);
        return result is { } error
            ? ApiProblem.Of(context, error.Error, error.Detail)
            : TypedResults.Ok(await RoleViews.DescribeAsync(db, wanted, cancellationToken));
    }
}

/// <summary>Changes to role assignments, with the rules that keep the system administrable.</summary>
public sealed partial class RoleAssignments(GuestAccessDb db, IdentityAudit audit, ILogger<RoleAssignments> logger)
{
    public sealed record Refusal(ApiError Error, string Detail);

    /// <summary>Replaces a user's roles; every change is recorded in the audit log (role.changed) with who made it.</summary>
    public async Task<Refusal?> ReplaceAsync(Guid userId, IReadOnlySet<RoleGrant> wanted, Guid changedBy, CancellationToken cancellationToken)
    {
        if (wanted.Any(w => w.Role == Role.Auditor && w.SiteId is null) && wanted.Any(w => w.Role == Role.Auditor && w.SiteId is not null))
        {
            return new Refusal(ErrorCatalog.InvalidRoleAssignment, "An auditor of all sites needs no site-scoped auditor roles.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.RoleAssignments.Where(r => r.UserId == userId).ToListAsync(cancellationToken);
        var removed = existing.Where(r => !wanted.Contains(new RoleGrant(r.Role, r.SiteId))).ToList();
        var added = wanted.Where(w => !existing.Any(r => r.Role == w.Role && r.SiteId == w.SiteId)).ToList();
        if (removed.Any(r => r.Role == Role.Admin) && !await db.RoleAssignments.AnyAsync(r => r.Role == Role.Admin && r.UserId != userId, cancellationToken))
        {
            return new Refusal(ErrorCatalog.LastAdmin, "This is the last administrator; make someone else an administrator first.");
        }

        db.RoleAssignments.RemoveRange(removed);
        db.RoleAssignments.AddRange(added.Select(a => new RoleAssignment(Guid.NewGuid(), userId, a.Role, a.SiteId)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (removed.Count + added.Count > 0)
        {
            var removedGrants = removed.Select(r => new RoleGrant(r.Role, r.SiteId)).ToList();
            await audit.RoleChangedAsync(userId, changedBy, added, removedGrants, cancellationToken);
            LogRolesChanged(logger, userId, changedBy, string.Join(", ", added.Select(Describe)), string.Join(", ", removedGrants.Select(Describe)));
        }

        return null;
    }

    private static string Describe(RoleGrant grant) => grant.SiteId is { } site ? $"{grant.Role}@{site}" : $"{grant.Role}";

    [LoggerMessage(EventId = 3060, Level = LogLevel.Information, Message = "Roles of user {UserId} changed by {ChangedBy}: added [{Added}], removed [{Removed}]")]
    private static partial void LogRolesChanged(ILogger logger, Guid userId, Guid changedBy, string added, string removed);
}
