using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Users;

/// <summary>
/// GET /api/v1/sites/{site}/staff: who looks after a site (its caretakers and auditors). Staff see
/// only the sites they manage or audit; any other site is "not found" to them.
/// </summary>
public static class SiteStaffApi
{
    public static RouteGroupBuilder MapSiteStaff(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/sites/{site}/staff").WithTags("Identity").RequireStaff();
        group.MapGet("/", ListAsync).WithName("ListSiteStaff").WithSummary("The caretakers and auditors of a site (staff of that site only)");
        return group;
    }

    private static async Task<Results<Ok<SiteStaffDto[]>, ProblemHttpResult>> ListAsync(string site, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var siteId = await db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.StaffSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (siteId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(r => (r.SiteId == siteId || (r.SiteId == null && r.Role == Role.Auditor)) && r.Role != Role.Citizen && r.Role != Role.Admin)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { u.Id, u.DisplayName, u.Email, r.Role })
            .ToListAsync(cancellationToken);
        var staff = assignments.GroupBy(a => a.Id)
            .Select(g => new SiteStaffDto(g.Key, g.First().DisplayName, g.First().Email, g.Select(a => a.Role).Distinct().Order().ToArray()))
            .OrderBy(s => s.DisplayName, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(staff);
    }
}
