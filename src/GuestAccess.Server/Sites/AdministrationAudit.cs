using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit;

namespace GuestAccess.Server.Sites;

/// <summary>
/// Sites, opening hours, rooms and doors changed by an administrator, in the audit log
/// (category administration, outcome succeeded), recorded after the change is saved.
/// Details hold what changed, never personal data.
/// </summary>
internal static class AdministrationAudit
{
    public static Task RecordAsync(
        IAuditTrail audit, string action, Guid actor, Guid siteId, string subject, IReadOnlyList<KeyValuePair<string, string?>>? details, CancellationToken cancellationToken, Guid? doorId = null) =>
        audit.RecordAsync(
            new AuditEntry(AuditCategory.Administration, action)
            {
                ActorId = actor,
                SiteId = siteId,
                DoorId = doorId,
                Subject = subject,
                Outcome = "succeeded",
                Details = details,
            },
            cancellationToken);
}
