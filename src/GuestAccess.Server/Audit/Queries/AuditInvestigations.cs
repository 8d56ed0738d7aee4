using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>
/// The two questions auditors ask most: "who could have entered room Y between T1 and T2" and
/// "why was this entry denied". Grants are evaluated as they stood: a grant counts only from its
/// creation, only until it was revoked, only inside its validity window and weekly schedule (in
/// the site's time zone). Both reads are recorded like every auditor read.
/// </summary>
public sealed class AuditInvestigations(GuestAccessDb db, AuditQueries queries)
{
    /// <summary>
    /// The basis of the answer, stated in every response: grant rows keep their current validity
    /// (a changed window overwrites the old one), so for a grant changed after the interval the
    /// audit records <c>grant.changed</c> hold the history.
    /// </summary>
    public const string Basis = "Grants with a door into the room, counted from creation until revocation, inside their validity window and weekly schedule. Validity changes are not versioned in the grant itself: see the grant's grant.changed records for its history.";

    public async Task<WhoCouldEnterView?> WhoCouldEnterAsync(Guid actor, SiteScope scope, string roomKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var rooms = db.Rooms.AsNoTracking().WhereSiteIn(scope, r => r.SiteId);
        var room = await (Guid.TryParse(roomKey, out var roomId) ? rooms.Where(r => r.Id == roomId) : rooms.Where(r => r.Slug == roomKey)).SingleOrDefaultAsync(cancellationToken);
        if (room is null)
        {
            return null;
        }

        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == room.SiteId, cancellationToken);
        var doors = await db.RoomDoors.AsNoTracking().Where(d => d.RoomId == room.Id).Select(d => d.DoorId).ToArrayAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Include(g => g.Doors)
            .Where(g => g.SiteId == room.SiteId && g.Doors.Any(d => doors.Contains(d.DoorId)))
            .Where(g => g.ValidFrom < to && g.ValidUntil > from && g.CreatedAt < to && (g.RevokedAt == null || g.RevokedAt > from))
            .ToListAsync(cancellationToken);

        var entrants = new List<PossibleEntrantView>();
        foreach (var grant in grants.OrderBy(g => g.ValidFrom).ThenBy(g => g.Id))
        {
            var start = Max(Max(from, grant.ValidFrom), grant.CreatedAt);
            var end = Min(Min(to, grant.ValidUntil), grant.RevokedAt ?? DateTimeOffset.MaxValue);
            var windows = end <= start ? []
                : grant.Schedule is { } schedule ? schedule.Occurrences(start, end, site.TimeZone).Select(w => new WindowView(w.Start, w.End)).ToList()
                : [new WindowView(start, end)];
            if (windows.Count > 0)
            {
                entrants.Add(new PossibleEntrantView(
                    grant.Id, Holder(grant), grant.Origin, grant.BookingId, grant.IssuedBy, grant.Reason, grant.ValidFrom, grant.ValidUntil,
                    Schedule(grant.Schedule), grant.Status, grant.RevokedAt, grant.Doors.Select(d => d.DoorId).Where(doors.Contains).ToArray(), windows));
            }
        }

        await queries.RecordReadAsync(actor, "audit.who_could_enter", null, cancellationToken, ("site", room.SiteId), ("room", room.Id), ("from", from), ("to", to), ("results", entrants.Count));
        return new WhoCouldEnterView(room.Id, room.Name, room.SiteId, from, to, doors, entrants, Basis);
    }

    public async Task<EntryExplanationView?> ExplainAsync(Guid actor, SiteScope scope, long auditSequence, CancellationToken cancellationToken = default)
    {
        var entry = await db.EntryEvents.AsNoTracking().WhereSiteIn(scope, e => e.SiteId).SingleOrDefaultAsync(e => e.AuditSequence == auditSequence, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var personal = await db.AuditPersonalData.AsNoTracking().SingleOrDefaultAsync(p => p.Sequence == auditSequence, cancellationToken);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == entry.SiteId, cancellationToken);
        var grant = entry.GrantId is { } grantId
            ? await db.Grants.AsNoTracking().Include(g => g.Doors).SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken)
            : null;
        var wrongPinsBefore = entry.DenialReason == DenialReason.LockedOut
            ? await db.EntryEvents.CountAsync(e => e.LockId == entry.LockId && e.DenialReason == DenialReason.WrongPin && e.OccurredAt >= entry.OccurredAt.AddMinutes(-5) && e.OccurredAt < entry.OccurredAt, cancellationToken)
            : 0;

        var grantThen = grant is null ? null : new GrantAtTheTimeView(
            grant.Id, grant.ValidFrom, grant.ValidUntil, Schedule(grant.Schedule), StatusAt(grant, entry.OccurredAt, site.TimeZone), grant.RevokedAt, grant.RevokeReason,
            grant.Doors.Any(d => d.DoorId == entry.DoorId));
        var (da, en) = DenialExplanations.Explain(entry, grantThen, site.TimeZone, wrongPinsBefore);
        var notes = new List<string>();
        if (personal?.DeletedAt is { } deleted)
        {
            notes.Add($"The link to the grant and credential was deleted by retention on {deleted:u}.");
        }
        else if (entry.GrantId is not null && grant is null)
        {
            notes.Add("The lock named a grant the server does not know.");
        }

        if (entry.ReceivedAt - entry.OccurredAt > TimeSpan.FromMinutes(2) || entry.OccurredAt - entry.ReceivedAt > TimeSpan.FromMinutes(2))
        {
            notes.Add($"The lock's time differs from when the server received the event by {(entry.ReceivedAt - entry.OccurredAt).Duration():g} (buffered while offline, or a skewed lock clock).");
        }

        await queries.RecordReadAsync(actor, "audit.entry_explained", personal?.Holder, cancellationToken, ("site", entry.SiteId), ("door", entry.DoorId), ("entry", auditSequence));
        return new EntryExplanationView(AuditQueries.View(entry, personal?.Holder), entry.DenialReason is { } reason ? Persistence.ModelConventions.ToSnakeCase(reason.ToString()) : null, da, en, grantThen, notes);
    }

    /// <summary>What a grant allowed at an instant: active, not_yet_valid, expired, revoked or outside_schedule.</summary>
    internal static string StatusAt(AccessGrant grant, DateTimeOffset at, TimeZoneInfo zone) =>
        grant.RevokedAt is { } revoked && revoked <= at ? "revoked"
        : at < grant.CreatedAt ? "not_issued_yet"
        : at < grant.ValidFrom ? "not_yet_valid"
        : at >= grant.ValidUntil ? "expired"
        : grant.Schedule is { } schedule && !schedule.Contains(at, zone) ? "outside_schedule"
        : "active";

    private static string Holder(AccessGrant grant) =>
        grant.HolderKind == HolderKind.Guest ? AuditHolder.Guest(grant.HolderId) : AuditHolder.Citizen(grant.HolderId);

    private static string[]? Schedule(WeeklySchedule? schedule) => schedule?.Windows.Select(w => w.ToString()).ToArray();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
