using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Identity.Authorization;

namespace GuestAccess.Server.Identity;

/// <summary>What identity records in the audit log: role changes and failed staff sign-ins.</summary>
public sealed class IdentityAudit(IAuditTrail trail)
{
    public Task RoleChangedAsync(Guid userId, Guid changedBy, IEnumerable<RoleGrant> added, IEnumerable<RoleGrant> removed, CancellationToken cancellationToken) =>
        trail.RecordAsync(
            new AuditEntry(AuditCategory.Administration, "role.changed")
            {
                ActorId = changedBy,
                Outcome = "succeeded",
                Details = [new("added", Describe(added)), new("removed", Describe(removed))],
                Personal = new AuditPersonal(AuditHolder.User(userId)),
            },
            cancellationToken);

    /// <summary>A staff member's sign-in failed (wrong password or code, or locked out).</summary>
    public Task StaffSignInFailedAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        trail.RecordAsync(
            new AuditEntry(AuditCategory.Security, "login.failed")
            {
                Outcome = reason,
                Personal = new AuditPersonal(AuditHolder.User(userId)),
            },
            cancellationToken);

    private static string Describe(IEnumerable<RoleGrant> roles) =>
        string.Join(", ", roles.Select(r => r.SiteId is { } site ? $"{r.Role.ToString().ToLowerInvariant()}@{site:D}" : r.Role.ToString().ToLowerInvariant()));
}
