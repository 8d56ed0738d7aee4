using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuestAccess.Server.Sites;

/// <summary>Administrators create and change sites and their opening hours (see <see cref="SiteAdministration"/>).</summary>
public static class AdminSitesApi
{
    public static RouteGroupBuilder MapAdminSites(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/sites").WithTags("Administration").RequireAdmin().WithValidation();
        group.MapPost("/", CreateAsync).WithName("CreateSite").WithSummary("Create a site (slug and time zone are fixed from then on)");
        group.MapPut("/{site}", UpdateAsync).WithName("UpdateSite").WithSummary("Change a site's name, address, minimum age and booking policy");
        group.MapPut("/{site}/opening-hours", SetOpeningHoursAsync).WithName("SetOpeningHours")
            .WithSummary("Replace a site's weekly hours, exceptions and holiday closures; applies to availability and bookings at once");
        return group;
    }

    internal static ProblemHttpResult Problem(HttpContext context, AdminRefusal refusal) =>
        ApiProblem.Of(context, refusal.Error, refusal.Detail, refusal.Field is null ? null : new Dictionary<string, string[]> { [refusal.Field] = [refusal.Detail] });

    private static async Task<Results<Created<SiteSummaryDto>, ProblemHttpResult>> CreateAsync(
        CreateSiteRequest request, SiteAdministration sites, CurrentUser caller, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await sites.CreateAsync(request.Slug!.Trim(), request.TimeZone ?? CreateSiteRequest.DefaultTimeZone, request.Settings(), caller.RequiredUserId, cancellationToken);
        return result.Value is { } site
            ? TypedResults.Created($"/api/v1/sites/{site.Slug}", SiteMapping.Summary(site, clock.GetUtcNow()))
            : Problem(context, result.Refusal!);
    }

    private static async Task<Results<Ok<SiteSummaryDto>, ProblemHttpResult>> UpdateAsync(
        string site, UpdateSiteRequest request, SiteAdministration sites, CurrentUser caller, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await sites.UpdateAsync(site, request.Settings(), caller.RequiredUserId, cancellationToken);
        return result.Value is { } changed ? TypedResults.Ok(SiteMapping.Summary(changed, clock.GetUtcNow())) : Problem(context, result.Refusal!);
    }

    private static async Task<Results<Ok<OpeningHoursChangedDto>, ProblemHttpResult>> SetOpeningHoursAsync(
        string site, OpeningHoursInput request, SiteAdministration sites, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        request.TryBuild(new ValidationErrors(), out var hours);
        var result = await sites.SetOpeningHoursAsync(site, hours, caller.RequiredUserId, cancellationToken);
        return result.Value is { } changed
            ? TypedResults.Ok(new OpeningHoursChangedDto(changed.Site.Slug, changed.BookingsOutsideHours))
            : Problem(context, result.Refusal!);
    }
}
