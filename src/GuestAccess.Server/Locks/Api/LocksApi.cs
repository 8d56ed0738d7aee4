using GuestAccess.Server.Audit;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Api;

/// <summary>
/// Caretakers (of the lock's site) and administrators: the locks of a site with their state,
/// remote unlock with a reason, site lockdown and its lifting. Access is checked inside each
/// query: a lock or site the caller does not manage is not found (404).
/// </summary>
public static class LocksApi
{
    public static IEndpointRouteBuilder MapLocks(this IEndpointRouteBuilder routes)
    {
        var site = routes.MapGroup("/api/v1/sites/{site}").WithTags("Locks").RequireCaretaker().WithValidation();
        site.MapGet("/locks", ListAsync).WithName("ListSiteLocks").WithSummary("Every lock of a site with its state (online, battery, versions, lockdown)");
        site.MapPost("/lockdown", LockdownAsync).WithName("LockDownSite").WithSummary("Lock down every door of a site: every PIN and mobile key is refused until lifted");
        site.MapDelete("/lockdown", LiftLockdownAsync).WithName("LiftSiteLockdown").WithSummary("Lift a site lockdown: every lock gets its credentials back");

        var locks = routes.MapGroup("/api/v1/locks/{lock}").WithTags("Locks").RequireCaretaker().WithValidation();
        locks.MapGet("/", GetAsync).WithName("GetLock").WithSummary("One lock by lock id or GUID");
        locks.MapPost("/remote-unlock", RemoteUnlockAsync).WithName("RemoteUnlock").WithSummary("Open the door once, now, with a reason (dropped if the lock cannot be reached within Locks:RemoteUnlockTimeout)");
        locks.MapGet("/remote-unlocks/{id:long}", GetRemoteUnlockAsync).WithName("GetRemoteUnlock").WithSummary("How a remote unlock went: pending, applied, failed or expired");
        return routes;
    }

    private static async Task<Results<Ok<LockDto[]>, ProblemHttpResult>> ListAsync(string site, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var siteId = await ManagedSiteAsync(db, caller, site, cancellationToken);
        if (siteId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        return TypedResults.Ok((await LockViews.DescribeAsync(db, db.Locks.Where(l => l.SiteId == siteId), cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<LockDto>, ProblemHttpResult>> GetAsync(string @lock, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await LockViews.DescribeAsync(db, LockViews.Find(db, caller.ManagedSites, @lock), cancellationToken);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : ApiProblem.Of(context, ErrorCatalog.LockNotFound, $"No lock '{@lock}'.");
    }

    private static async Task<Results<Accepted<RemoteUnlockDto>, ProblemHttpResult>> RemoteUnlockAsync(
        string @lock, RemoteUnlockRequest request, CurrentUser caller, GuestAccessDb db, LockFleet fleet, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var target = await LockViews.Find(db, caller.ManagedSites, @lock).Select(l => new { l.Id, l.DeviceId, l.SiteId, l.DoorId }).SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.LockNotFound, $"No lock '{@lock}'.");
        }

        var duration = request.DurationSeconds ?? 5;
        var message = await fleet.StageRemoteUnlockAsync(db, target.Id, request.Reason, caller.RequiredUserId, duration, cancellationToken);
        await LockAudit.RemoteUnlockAsync(audit, caller.RequiredUserId, target.SiteId, target.DoorId, target.Id, request.Reason, duration, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var dto = LockViews.Describe(message, target.DeviceId);
        return TypedResults.Accepted($"/api/v1/locks/{target.DeviceId}/remote-unlocks/{message.Id}", dto);
    }

    private static async Task<Results<Ok<RemoteUnlockDto>, ProblemHttpResult>> GetRemoteUnlockAsync(
        string @lock, long id, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await (from l in LockViews.Find(db, caller.ManagedSites, @lock)
                           join m in db.LockOutbox() on l.Id equals m.LockId
                           where m.Id == id && m.Kind == LockOutboxKind.RemoteUnlock
                           select new { Message = m, l.DeviceId })
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return found is null
            ? ApiProblem.Of(context, ErrorCatalog.RemoteUnlockNotFound, $"No remote unlock {id} of lock '{@lock}'.")
            : TypedResults.Ok(LockViews.Describe(found.Message, found.DeviceId));
    }

    private static Task<Results<Accepted<LockdownDto>, ProblemHttpResult>> LockdownAsync(
        string site, LockdownRequest request, CurrentUser caller, GuestAccessDb db, LockFleet fleet, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        SetLockdownAsync(site, request.Reason, caller, db, fleet, audit, context, cancellationToken);

    private static Task<Results<Accepted<LockdownDto>, ProblemHttpResult>> LiftLockdownAsync(
        string site, CurrentUser caller, GuestAccessDb db, LockFleet fleet, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        SetLockdownAsync(site, null, caller, db, fleet, audit, context, cancellationToken);

    private static async Task<Results<Accepted<LockdownDto>, ProblemHttpResult>> SetLockdownAsync(
        string site, string? reason, CurrentUser caller, GuestAccessDb db, LockFleet fleet, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var siteId = await ManagedSiteAsync(db, caller, site, cancellationToken);
        if (siteId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        // Audited first, outside our transaction: on SQLite an open write transaction would block the audit writer.
        await LockAudit.LockdownAsync(audit, caller.RequiredUserId, siteId.Value, reason, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var staged = reason is null
            ? await fleet.StageLockdownLiftAsync(db, siteId.Value, caller.RequiredUserId, cancellationToken)
            : await fleet.StageLockdownAsync(db, siteId.Value, reason, caller.RequiredUserId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/sites/{site}/locks", new LockdownDto(site, reason is not null, staged.Locks.Count));
    }

    private static Task<Guid?> ManagedSiteAsync(GuestAccessDb db, CurrentUser caller, string site, CancellationToken cancellationToken) =>
        db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.ManagedSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
}
