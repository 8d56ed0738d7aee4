using GuestAccess.Server.Audit;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Api;

/// <summary>
/// Administrators register, provision and decommission lock controllers. Provisioning answers
/// with the controller's provisioning bundle (docs/lock-protocol.md 15.1): its broker password
/// appears in this response only (not stored, not cached).
/// </summary>
public static class AdminLocksApi
{
    public static RouteGroupBuilder MapAdminLocks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/locks").WithTags("Administration").RequireAdmin().WithValidation();
        group.MapPost("/", RegisterAsync).WithName("RegisterLock").WithSummary("Register a lock controller for a door that has none (it cannot connect until provisioned)");
        group.MapPost("/{lock}/provision", ProvisionAsync).WithName("ProvisionLock").WithSummary("Issue new broker credentials: the provisioning bundle, shown once");
        group.MapPost("/{lock}/decommission", DecommissionAsync).WithName("DecommissionLock").WithSummary("Take a lock out of service: its credentials stop working at once");
        return group;
    }

    private static async Task<Results<Created<LockDto>, ProblemHttpResult>> RegisterAsync(
        RegisterLockRequest request, CurrentUser caller, GuestAccessDb db, LockProvisioningService provisioning, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var doorId = await (Guid.TryParse(request.Door, out var id) ? db.Doors.Where(d => d.Id == id) : db.Doors.Where(d => d.Slug == request.Door))
            .Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (doorId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.DoorNotFound, $"No door '{request.Door}'.");
        }

        var controller = await provisioning.RegisterAsync(doorId.Value, request.LockId, cancellationToken);
        await LockAudit.LockAdministeredAsync(audit, "lock.registered", caller.RequiredUserId, controller.SiteId, controller.DoorId, controller.Id, cancellationToken);
        var dto = (await LockViews.DescribeAsync(db, db.Locks.Where(l => l.Id == controller.Id), cancellationToken)).Single();
        return TypedResults.Created($"/api/v1/locks/{controller.DeviceId}", dto);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ProvisionAsync(
        string @lock, CurrentUser caller, GuestAccessDb db, LockProvisioningService provisioning, BundleFactory bundles, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await LockViews.Find(db, SiteScope.Everything, @lock).Select(l => new { l.Id, l.SiteId, l.DoorId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.LockNotFound, $"No lock '{@lock}'.");
        }

        var issued = await provisioning.ProvisionAsync([found.Id], cancellationToken);
        await LockAudit.LockAdministeredAsync(audit, "lock.provisioned", caller.RequiredUserId, found.SiteId, found.DoorId, found.Id, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(bundles.Create(issued).ToJson(), "application/json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DecommissionAsync(
        string @lock, CurrentUser caller, GuestAccessDb db, LockProvisioningService provisioning, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await LockViews.Find(db, SiteScope.Everything, @lock).Select(l => new { l.Id, l.SiteId, l.DoorId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.LockNotFound, $"No lock '{@lock}'.");
        }

        await provisioning.DecommissionAsync(found.Id, cancellationToken);
        await LockAudit.LockAdministeredAsync(audit, "lock.decommissioned", caller.RequiredUserId, found.SiteId, found.DoorId, found.Id, cancellationToken);
        return TypedResults.NoContent();
    }
}
