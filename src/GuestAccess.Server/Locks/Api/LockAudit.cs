using System.Globalization;
using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit;

namespace GuestAccess.Server.Locks.Api;

/// <summary>
/// The lock fleet's administrative actions in the audit log. A remote unlock and a lockdown are
/// recorded before they are staged (no door opens unaudited); provisioning and decommissioning
/// after they succeeded. Reasons are stored as given: the UI asks staff not to put personal data in them.
/// </summary>
internal static class LockAudit
{
    public static Task RemoteUnlockAsync(IAuditTrail audit, Guid actor, Guid siteId, Guid doorId, Guid lockId, string reason, int durationSeconds, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditCategory.Access, "lock.remote_unlock")
            {
                ActorId = actor,
                SiteId = siteId,
                DoorId = doorId,
                Subject = Subject(lockId),
                Outcome = "requested",
                Details = [new("reason", reason.Trim()), new("durationSeconds", durationSeconds.ToString(CultureInfo.InvariantCulture))],
            },
            cancellationToken);

    public static Task LockdownAsync(IAuditTrail audit, Guid actor, Guid siteId, string? reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditCategory.Access, reason is null ? "site.lockdown_lifted" : "site.lockdown")
            {
                ActorId = actor,
                SiteId = siteId,
                Subject = $"site:{siteId:D}",
                Outcome = "requested",
                Details = reason is null ? null : [new("reason", reason.Trim())],
            },
            cancellationToken);

    public static Task LockAdministeredAsync(IAuditTrail audit, string action, Guid actor, Guid siteId, Guid doorId, Guid lockId, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditCategory.Administration, action)
            {
                ActorId = actor,
                SiteId = siteId,
                DoorId = doorId,
                Subject = Subject(lockId),
                Outcome = "succeeded",
            },
            cancellationToken);

    private static string Subject(Guid lockId) => $"lock:{lockId:D}";
}
