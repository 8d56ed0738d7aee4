using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>
/// Caretakers (of the site) and admins: grants for named guests — create, list, edit, revoke, a
/// new PIN sent to the guest — the guests themselves, and revoking everything of one person at
/// the caller's sites. What lies outside the caller's sites is not found (404); a door of another
/// site in a request is door_not_in_your_sites. The PIN and mobile key go only to the guest.
/// A site-wide emergency revokes every grant of the site (<c>POST /api/v1/sites/{site}/emergency-revoke</c>),
/// optionally with the lock fleet's lockdown in the same transaction; one door opens with the
/// fleet's remote unlock (<c>POST /api/v1/locks/{lock}/remote-unlock</c>).
/// </summary>
public static class GrantsApi
{
    public static IEndpointRouteBuilder MapGrants(this IEndpointRouteBuilder routes)
    {
        var grants = routes.MapGroup("/api/v1/grants").WithTags("Grants").RequireCaretaker().WithValidation();
        grants.MapPost("/", CreateAsync).WithName("CreateGrant").WithSummary("Give a named guest access to doors of one of your sites; the guest gets the PIN and mobile key");
        grants.MapGet("/", ListAsync).WithName("ListGrants").WithSummary("Grants at your sites (active by default; ?show=all, ?site=, ?guest=)");
        grants.MapGet("/{id:guid}", GetAsync).WithName("GetGrant").WithSummary("One grant with its holder and each door's readiness");
        grants.MapPut("/{id:guid}", ChangeAsync).WithName("ChangeGrant").WithSummary("New doors, period or schedule; the PIN stays, the guest gets a new mobile key");
        grants.MapPost("/{id:guid}/revoke", RevokeAsync).WithName("RevokeGrant").WithSummary("Revoke a grant (a booking's key: the booking is cancelled) with a reason");
        grants.MapPost("/{id:guid}/pin", ReissuePinAsync).WithName("ResendGuestPin").WithSummary("A new PIN for a guest's grant, sent to the guest (never shown here)");

        var guests = routes.MapGroup("/api/v1/guests").WithTags("Grants").RequireCaretaker().WithValidation();
        guests.MapGet("/", ListGuestsAsync).WithName("ListGuests").WithSummary("Guests registered at your sites (?site=)");
        guests.MapGet("/{id:guid}", GetGuestAsync).WithName("GetGuest").WithSummary("One guest");
        guests.MapPost("/{id:guid}/revoke-all", RevokeGuestAsync).WithName("RevokeGuest").WithSummary("Revoke every active grant of a guest at your sites");

        var citizens = routes.MapGroup("/api/v1/citizens").WithTags("Grants").RequireCaretaker().WithValidation();
        citizens.MapPost("/{id:guid}/revoke-all", RevokeCitizenAsync).WithName("RevokeCitizen")
            .WithSummary("Revoke every active key of a citizen at your sites; their bookings there are cancelled");

        var sites = routes.MapGroup("/api/v1/sites/{site}").WithTags("Grants").RequireCaretaker().WithValidation();
        sites.MapPost("/emergency-revoke", RevokeSiteAsync).WithName("EmergencyRevokeSite")
            .WithSummary("Emergency: revoke every active grant and booking key of a site (optionally locking every door down)");
        return routes;
    }

    private static async Task<Results<Created<GrantDto>, ProblemHttpResult>> CreateAsync(
        CreateGrantRequest request, CurrentUser caller, GrantService grants, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var guest = request.Guest is { } g ? new GuestDetails(g.Name!.Trim(), g.Phone, g.Email, g.Organisation) : null;
        var grant = await grants.CreateAsync(caller.RequiredUserId, caller.ManagedSites, guest, request.GuestId, Command(request.Doors!, request.ValidFrom, request.ValidUntil, request.Schedule), request.Reason!, cancellationToken);
        return TypedResults.Created($"/api/v1/grants/{grant.Id}", await DescribeAsync(db, grant.Id, cancellationToken));
    }

    private static async Task<Results<Ok<GrantDto[]>, ProblemHttpResult>> ListAsync(
        [AsParameters] GrantListQuery query, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var grants = db.Grants.WhereSiteIn(caller.ManagedSites, g => g.SiteId);
        if (query.Site is { } site)
        {
            var siteId = await db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.ManagedSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
            if (siteId is null)
            {
                return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
            }

            grants = grants.Where(g => g.SiteId == siteId);
        }

        grants = query.All ? grants : grants.Where(g => g.Status == GrantStatus.Active);
        grants = query.Guest is { } guest ? grants.Where(g => g.HolderKind == HolderKind.Guest && g.HolderId == guest) : grants;
        return TypedResults.Ok((await GrantViews.DescribeAsync(db, grants, cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<GrantDto>, ProblemHttpResult>> GetAsync(Guid id, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await GrantViews.DescribeAsync(db, db.Grants.WhereSiteIn(caller.ManagedSites, g => g.SiteId).Where(g => g.Id == id), cancellationToken);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : ApiProblem.Of(context, ErrorCatalog.GrantNotFound);
    }

    private static async Task<Ok<GrantDto>> ChangeAsync(Guid id, ChangeGrantRequest request, CurrentUser caller, GrantService grants, GuestAccessDb db, CancellationToken cancellationToken)
    {
        await grants.ChangeAsync(caller.RequiredUserId, caller.ManagedSites, id, Command(request.Doors!, request.ValidFrom, request.ValidUntil, request.Schedule), cancellationToken);
        return TypedResults.Ok(await DescribeAsync(db, id, cancellationToken));
    }

    private static async Task<Ok<GrantDto>> RevokeAsync(Guid id, RevokeRequest request, CurrentUser caller, GrantService grants, GuestAccessDb db, CancellationToken cancellationToken)
    {
        await grants.RevokeAsync(caller.RequiredUserId, caller.ManagedSites, id, request.Reason!, cancellationToken);
        return TypedResults.Ok(await DescribeAsync(db, id, cancellationToken));
    }

    private static async Task<Accepted<GrantDto>> ReissuePinAsync(Guid id, CurrentUser caller, GrantService grants, GuestAccessDb db, CancellationToken cancellationToken)
    {
        await grants.ReissuePinAsync(caller.RequiredUserId, caller.ManagedSites, id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/grants/{id}", await DescribeAsync(db, id, cancellationToken));
    }

    private static async Task<Results<Ok<GuestDto[]>, ProblemHttpResult>> ListGuestsAsync(
        [AsParameters] GuestListQuery query, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var guests = db.Guests.AsNoTracking().WhereSiteIn(caller.ManagedSites, g => g.SiteId);
        if (query.Site is { } site)
        {
            var siteId = await db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.ManagedSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
            if (siteId is null)
            {
                return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
            }

            guests = guests.Where(g => g.SiteId == siteId);
        }

        var found = await guests.OrderBy(g => g.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(found.Select(GrantViews.Describe).ToArray());
    }

    private static async Task<Results<Ok<GuestDto>, ProblemHttpResult>> GetGuestAsync(Guid id, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var guest = await db.Guests.AsNoTracking().WhereSiteIn(caller.ManagedSites, g => g.SiteId).SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        return guest is null ? ApiProblem.Of(context, ErrorCatalog.GuestNotFound) : TypedResults.Ok(GrantViews.Describe(guest));
    }

    private static Task<Ok<HolderRevokedDto>> RevokeGuestAsync(Guid id, RevokeRequest request, CurrentUser caller, GrantService grants, CancellationToken cancellationToken) =>
        RevokeHolderAsync(HolderKind.Guest, id, request, caller, grants, cancellationToken);

    private static Task<Ok<HolderRevokedDto>> RevokeCitizenAsync(Guid id, RevokeRequest request, CurrentUser caller, GrantService grants, CancellationToken cancellationToken) =>
        RevokeHolderAsync(HolderKind.Citizen, id, request, caller, grants, cancellationToken);

    private static async Task<Ok<HolderRevokedDto>> RevokeHolderAsync(HolderKind kind, Guid id, RevokeRequest request, CurrentUser caller, GrantService grants, CancellationToken cancellationToken)
    {
        var revoked = await grants.RevokeHolderAsync(caller.RequiredUserId, caller.ManagedSites, kind, id, request.Reason!, cancellationToken);
        return TypedResults.Ok(new HolderRevokedDto(kind, id, revoked.Count, revoked.Select(g => g.Id).ToList()));
    }

    private static async Task<Results<Ok<SiteRevokedDto>, ProblemHttpResult>> RevokeSiteAsync(
        string site, EmergencyRevokeRequest request, CurrentUser caller, GrantService grants, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var siteId = await db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.ManagedSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (siteId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var revoked = await grants.RevokeSiteAsync(caller.RequiredUserId, caller.ManagedSites, siteId.Value, request.Reason!.Trim(), request.Lockdown ?? false, cancellationToken);
        return TypedResults.Ok(new SiteRevokedDto(site, revoked.Grants.Count, revoked.Grants.Select(g => g.Id).ToList(), revoked.Lockdown, revoked.LockedDown));
    }

    private static GrantCommand Command(string[] doors, DateTimeOffset? from, DateTimeOffset? until, ScheduleWindowInput[]? schedule) =>
        new(doors, new TimeInterval(from!.Value, until!.Value), GrantInput.Schedule(schedule));

    private static async Task<GrantDto> DescribeAsync(GuestAccessDb db, Guid id, CancellationToken cancellationToken) =>
        (await GrantViews.DescribeAsync(db, db.Grants.Where(g => g.Id == id), cancellationToken))[0];
}

/// <summary>Query of <c>GET /api/v1/guests</c>: one site (slug or id), or all of the caller's.</summary>
public sealed record GuestListQuery(string? Site);
