using System.Globalization;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Audit;

namespace GuestAccess.Server.Grants;

/// <summary>
/// What bookings and keys record in the audit log, after their change has committed. Objects go
/// in the subject (ids), staff in the actor; the citizen or guest concerned goes in the personal
/// part, which retention deletes; reasons a caretaker typed go there too (they may name people).
/// </summary>
public sealed class KeyAudit(IAuditTrail trail)
{
    public Task BookingCreatedAsync(Booking booking, AccessGrant grant, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Booking, "booking.created", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId), cancellationToken,
            ("room", booking.RoomId.ToString("D")), ("start", Instant(booking.Start)), ("end", Instant(booking.End)), ("grant", grant.Id.ToString("D")));

    public Task BookingCancelledAsync(Booking booking, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Booking, "booking.cancelled", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId), cancellationToken,
            ("grant", booking.GrantId?.ToString("D")));

    public Task BookingRescheduledAsync(Booking booking, Guid oldGrantId, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Booking, "booking.rescheduled", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId), cancellationToken,
            ("start", Instant(booking.Start)), ("end", Instant(booking.End)), ("revokedGrant", oldGrantId.ToString("D")), ("grant", booking.GrantId?.ToString("D")));

    public Task GrantCreatedAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "grant.created", grant.IssuedBy, grant.SiteId, Subject(grant), Holder(grant), cancellationToken,
            Describe(grant).Append(("reason", grant.Reason)).ToArray());

    public Task GrantChangedAsync(AccessGrant grant, Guid by, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "grant.changed", by, grant.SiteId, Subject(grant), Holder(grant), cancellationToken, Describe(grant).ToArray());

    public Task GrantRevokedAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "grant.revoked", grant.RevokedBy, grant.SiteId, Subject(grant), Holder(grant), cancellationToken, ("reason", grant.RevokeReason));

    public Task GrantExpiredAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "grant.expired", null, grant.SiteId, Subject(grant), Holder(grant), cancellationToken);

    /// <summary>Everything of one person at the caller's sites was revoked at once.</summary>
    public Task HolderRevokedAsync(HolderKind kind, Guid holderId, Guid by, IReadOnlyList<AccessGrant> grants, string reason, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "holder.revoked", by, null, null, HolderOf(kind, holderId), cancellationToken,
            ("grants", string.Join(' ', grants.Select(g => g.Id.ToString("D")))), ("reason", reason));

    /// <summary>A caretaker's emergency revoke of a whole site (and its lockdown, when asked for).</summary>
    public Task SiteRevokedAsync(Guid siteId, Guid by, IReadOnlyList<AccessGrant> grants, string reason, bool lockdown, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "site.emergency_revoke", by, siteId, $"site:{siteId:D}", null, cancellationToken,
            ("grants", string.Join(' ', grants.Select(g => g.Id.ToString("D")))), ("lockdown", lockdown ? "true" : "false"), ("reason", reason));

    public Task PinReissuedAsync(AccessGrant grant, Guid by, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "pin.reissued", grant.HolderKind == HolderKind.Citizen && grant.HolderId == by ? null : by, grant.SiteId, Subject(grant), Holder(grant), cancellationToken);

    public Task GuestAnonymisedAsync(Guest guest, CancellationToken cancellationToken) =>
        RecordAsync(AuditCategory.Access, "guest.anonymised", null, guest.SiteId, $"guest:{guest.Id:D}", null, cancellationToken);

    private static IEnumerable<(string, string?)> Describe(AccessGrant grant) =>
    [
        ("validFrom", Instant(grant.ValidFrom)),
        ("validUntil", Instant(grant.ValidUntil)),
        ("doors", string.Join(' ', grant.Doors.Select(d => d.DoorId.ToString("D")))),
        ("schedule", grant.Schedule is null ? null : WeeklyScheduleJson.Serialize(grant.Schedule)),
    ];

    private static string Subject(AccessGrant grant) => $"grant:{grant.Id:D}";

    private static string Holder(AccessGrant grant) => HolderOf(grant.HolderKind, grant.HolderId);

    private static string HolderOf(HolderKind kind, Guid id) => kind switch
    {
        HolderKind.Citizen => AuditHolder.Citizen(id),
        HolderKind.Guest => AuditHolder.Guest(id),
    };

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private Task RecordAsync(
        AuditCategory category, string action, Guid? actor, Guid? siteId, string? subject, string? holder, CancellationToken cancellationToken, params (string Key, string? Value)[] details)
    {
        // Free text typed by staff (reasons) may name people: it goes with the personal part.
        var personal = details.Where(d => d.Key == "reason").Select(d => new KeyValuePair<string, string?>(d.Key, d.Value)).ToList();
        var plain = details.Where(d => d.Key != "reason").Select(d => new KeyValuePair<string, string?>(d.Key, d.Value)).ToList();
        return trail.RecordAsync(
            new AuditEntry(category, action)
            {
                ActorId = actor,
                SiteId = siteId,
                Subject = subject,
                Outcome = "succeeded",
                Details = plain.Count == 0 ? null : plain,
                Personal = holder is null && personal.Count == 0 ? null : new AuditPersonal(holder, personal.Count == 0 ? null : personal),
            },
            cancellationToken);
    }
}
