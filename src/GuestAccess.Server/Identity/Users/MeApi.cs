using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Users;

/// <summary>GET /api/v1/me: the caller's identity, roles and sites as the server sees them now.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/me").WithTags("Identity").RequireSignedIn();
        group.MapGet("/", GetAsync).WithName("GetMe").WithSummary("Who am I: account, roles and their sites");
        return group;
    }

    private static async Task<Ok<MeDto>> GetAsync(CurrentUser caller, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var id = caller.RequiredUserId;
        var email = await db.Users.Where(u => u.Id == id).Select(u => u.Email).SingleAsync(cancellationToken);
        var roles = await RoleViews.DescribeAsync(db, caller.Roles, cancellationToken);
        return TypedResults.Ok(new MeDto(id, caller.DisplayName, email, caller.Kind, caller.ClientId, caller.Scopes.Items.ToArray(), roles));
    }
}

internal static class RoleViews
{
    public static async Task<RoleDto[]> DescribeAsync(GuestAccessDb db, IEnumerable<RoleGrant> roles, CancellationToken cancellationToken)
    {
        var list = roles.ToList();
        var siteIds = list.Where(r => r.SiteId is not null).Select(r => r.SiteId!.Value).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new RoleSiteDto(s.Id, s.Slug, s.Name), cancellationToken);
        return list.OrderBy(r => r.Role).ThenBy(r => r.SiteId is { } s ? sites[s].Name : string.Empty, StringComparer.Ordinal)
            .Select(r => new RoleDto(r.Role, r.SiteId is { } s ? sites[s] : null)).ToArray();
    }
}
