using System.Globalization;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Grants;

/// <summary>
/// What bookings and keys record in the audit log, staged in the change's own transaction (call
/// before its SaveChanges; <see cref="IAuditOutbox"/>): the record commits exactly when the change
/// does, and <see cref="Committed"/> (after the commit) has the audit writer chain it without the
/// caller waiting for the chain's transaction. Objects go in the subject (ids), staff in the
/// actor; the citizen or guest concerned goes in the personal part, which retention deletes;
/// reasons a caretaker typed go there too (they may name people).
/// </summary>
public sealed class KeyAudit(IAuditOutbox outbox)
{
    /// <summary>After the transaction with the staged records committed.</summary>
    public void Committed() => outbox.Committed();

    public void BookingCreated(GuestAccessDb db, Booking booking, AccessGrant grant) =>
        Stage(db, AuditCategory.Booking, "booking.created", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId),
            ("room", booking.RoomId.ToString("D")), ("start", Instant(booking.Start)), ("end", Instant(booking.End)), ("grant", grant.Id.ToString("D")));

    public void BookingCancelled(GuestAccessDb db, Booking booking) =>
        Stage(db, AuditCategory.Booking, "booking.cancelled", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId),
            ("grant", booking.GrantId?.ToString("D")));

    public void BookingRescheduled(GuestAccessDb db, Booking booking, Guid oldGrantId) =>
        Stage(db, AuditCategory.Booking, "booking.rescheduled", null, booking.SiteId, $"booking:{booking.Id:D}", AuditHolder.Citizen(booking.CitizenId),
            ("start", Instant(booking.Start)), ("end", Instant(booking.End)), ("revokedGrant", oldGrantId.ToString("D")), ("grant", booking.GrantId?.ToString("D")));

    public void GrantCreated(GuestAccessDb db, AccessGrant grant) =>
        Stage(db, AuditCategory.Access, "grant.created", grant.IssuedBy, grant.SiteId, Subject(grant), Holder(grant),
            Describe(grant).Append(("reason", grant.Reason)).ToArray());

    public void GrantChanged(GuestAccessDb db, AccessGrant grant, Guid by) =>
        Stage(db, AuditCategory.Access, "grant.changed", by, grant.SiteId, Subject(grant), Holder(grant), Describe(grant).ToArray());

    public void GrantRevoked(GuestAccessDb db, AccessGrant grant) =>
        Stage(db, AuditCategory.Access, "grant.revoked", grant.RevokedBy, grant.SiteId, Subject(grant), Holder(grant), ("reason", grant.RevokeReason));

    public void GrantExpired(GuestAccessDb db, AccessGrant grant) =>
        Stage(db, AuditCategory.Access, "grant.expired", null, grant.SiteId, Subject(grant), Holder(grant));

    /// <summary>Everything of one person at the caller's sites was revoked at once.</summary>
    public void HolderRevoked(GuestAccessDb db, HolderKind kind, Guid holderId, Guid by, IReadOnlyList<AccessGrant> grants, string reason) =>
        Stage(db, AuditCategory.Access, "holder.revoked", by, null, null, HolderOf(kind, holderId),
            ("grants", string.Join(' ', grants.Select(g => g.Id.ToString("D")))), ("reason", reason));

    /// <summary>A caretaker's emergency revoke of a whole site (and its lockdown, when asked for).</summary>
    public void SiteRevoked(GuestAccessDb db, Guid siteId, Guid by, IReadOnlyList<AccessGrant> grants, string reason, bool lockdown) =>
        Stage(db, AuditCategory.Access, "site.emergency_revoke", by, siteId, $"site:{siteId:D}", null,
            ("grants", string.Join(' ', grants.Select(g => g.Id.ToString("D")))), ("lockdown", lockdown ? "true" : "false"), ("reason", reason));

    public void PinReissued(GuestAccessDb db, AccessGrant grant, Guid by) =>
        Stage(db, AuditCategory.Access, "pin.reissued", grant.HolderKind == HolderKind.Citizen && grant.HolderId == by ? null : by, grant.SiteId, Subject(grant), Holder(grant));

    public void GuestAnonymised(GuestAccessDb db, Guest guest) =>
        Stage(db, AuditCategory.Access, "guest.anonymised", null, guest.SiteId, $"guest:{guest.Id:D}", null);

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

    private void Stage(
        GuestAccessDb db, AuditCategory category, string action, Guid? actor, Guid? siteId, string? subject, string? holder, params (string Key, string? Value)[] details)
    {
        // Free text typed by staff (reasons) may name people: it goes with the personal part.
        var personal = details.Where(d => d.Key == "reason").Select(d => new KeyValuePair<string, string?>(d.Key, d.Value)).ToList();
        var plain = details.Where(d => d.Key != "reason").Select(d => new KeyValuePair<string, string?>(d.Key, d.Value)).ToList();
        outbox.Stage(
            db,
            new AuditEntry(category, action)
            {
                ActorId = actor,
                SiteId = siteId,
                Subject = subject,
                Outcome = "succeeded",
                Details = plain.Count == 0 ? null : plain,
                Personal = holder is null && personal.Count == 0 ? null : new AuditPersonal(holder, personal.Count == 0 ? null : personal),
            });
    }
}
