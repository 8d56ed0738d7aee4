using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>The doors (slugs or ids), period and optional weekly schedule of a caretaker's grant.</summary>
public sealed record GrantCommand(IReadOnlyList<string> Doors, TimeInterval Validity, WeeklySchedule? Schedule);

/// <summary>A new guest's name and contact details.</summary>
public sealed record GuestDetails(string Name, string? Phone, string? Email, string? Organisation);

/// <summary>
/// Caretakers' grants for named guests, and revoking anyone's access at the caretaker's sites.
/// Every method takes the caller's <see cref="SiteScope"/> and finds nothing outside it; each
/// change runs in one <see cref="KeyTransaction"/> with its credentials, the lock fleet's outbox
/// rows and the guest's notifications, and is audited after it commits. Usable from pages too.
/// </summary>
public sealed partial class GrantService(GuestAccessDb db, KeyIssuer keys, LockFleet fleet, INotificationSender notifications, KeyAudit audit, TimeProvider clock, IOptions<KeyOptions> options)
{
    /// <summary>A grant for a new guest (<paramref name="newGuest"/>) or a known one (<paramref name="guestId"/>): exactly one of them.</summary>
    public async Task<AccessGrant> CreateAsync(Guid staffId, SiteScope scope, GuestDetails? newGuest, Guid? guestId, GrantCommand command, string reason, CancellationToken cancellationToken)
    {
        if ((newGuest is null) == (guestId is null))
        {
            throw new ArgumentException("Give either a new guest or a known guest's id.", nameof(newGuest));
        }

        var (siteId, doors) = await ResolveDoorsAsync(scope, command.Doors, cancellationToken);
        CheckValidity(command.Validity);
        // Read before taking the write lock; staging and the mobile key find its time zone in the unit of work.
        var site = await SiteLabel.ReadAsync(db, siteId, cancellationToken);
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var guest = guestId is { } id ? await KnownGuestAsync(scope, id, cancellationToken) : NewGuest(newGuest!, siteId, staffId, now);
        var grant = AccessGrant.ByStaff(Guid.NewGuid(), siteId, HolderKind.Guest, guest.Id, command.Validity, command.Schedule, doors.Select(d => d.Id), staffId, reason, now);
        db.Grants.Add(grant);
        var secrets = await keys.IssueAsync(db, grant, cancellationToken);
        Queue(GuestMessages.KeyIssued(guest, site, grant, doors, secrets));
        audit.GrantCreated(db, grant);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return grant;
    }

    /// <summary>New doors, period or schedule for a caretaker's grant; the PIN stays, the guest gets a new mobile key.</summary>
    public async Task<AccessGrant> ChangeAsync(Guid staffId, SiteScope scope, Guid grantId, GrantCommand command, CancellationToken cancellationToken)
    {
        var (siteId, doors) = await ResolveDoorsAsync(scope, command.Doors, cancellationToken);
        CheckValidity(command.Validity);
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var grant = await ScopedAsync(scope, grantId, cancellationToken);
        if (grant.Origin != GrantOrigin.Staff)
        {
            throw new DomainException("grant_from_booking", "A booking's key changes with its booking: reschedule or cancel the booking.");
        }

        if (siteId != grant.SiteId)
        {
            throw new DomainException("doors_span_sites", "A grant stays at its site: choose doors of the same site.");
        }

        grant.Change(command.Validity, command.Schedule, doors.Select(d => d.Id));
        var mobileKey = await keys.RestageAsync(db, grant, cancellationToken);
        if (await GuestOfAsync(grant, cancellationToken) is { } guest)
        {
            var site = await SiteLabel.ReadAsync(db, siteId, cancellationToken);
            Queue(GuestMessages.KeyChanged(guest, site, grant, doors, mobileKey));
        }

        audit.GrantChanged(db, grant, staffId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return grant;
    }

    public async Task<AccessGrant> RevokeAsync(Guid staffId, SiteScope scope, Guid grantId, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var grant = await ScopedAsync(scope, grantId, cancellationToken);
        await RevokeOneAsync(grant, staffId, reason, cancellationToken);
        audit.GrantRevoked(db, grant);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return grant;
    }

    /// <summary>A new PIN for a guest's grant, sent to the guest only (the caretaker never sees it).</summary>
    public async Task<AccessGrant> ReissuePinAsync(Guid staffId, SiteScope scope, Guid grantId, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var grant = await ScopedAsync(scope, grantId, cancellationToken);
        if (await GuestOfAsync(grant, cancellationToken) is not { } guest)
        {
            throw new DomainException("not_a_guest_grant", "A citizen gets a new PIN themselves, on their own key.");
        }

        if (grant.Status != GrantStatus.Active)
        {
            throw new DomainException("grant_not_active", "Only an active grant can get a new PIN.");
        }

        var pin = await keys.ReissuePinAsync(db, grant, cancellationToken);
        var site = await SiteLabel.ReadAsync(db, grant.SiteId, cancellationToken);
        Queue(GuestMessages.PinReissued(guest, site, grant, pin));
        audit.PinReissued(db, grant, staffId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return grant;
    }

    /// <summary>Revokes every active grant of a guest or citizen at the caller's sites (a citizen's bookings there are cancelled).</summary>
    public async Task<IReadOnlyList<AccessGrant>> RevokeHolderAsync(Guid staffId, SiteScope scope, HolderKind kind, Guid holderId, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var known = kind switch
        {
            HolderKind.Guest => await db.Guests.WhereSiteIn(scope, g => g.SiteId).AnyAsync(g => g.Id == holderId, cancellationToken)
                || await db.Grants.WhereSiteIn(scope, g => g.SiteId).AnyAsync(g => g.HolderKind == kind && g.HolderId == holderId, cancellationToken),
            // A citizen is known to a caretaker only through keys at the caretaker's sites (no probing for accounts).
            HolderKind.Citizen => await db.Grants.WhereSiteIn(scope, g => g.SiteId).AnyAsync(g => g.HolderKind == kind && g.HolderId == holderId, cancellationToken),
        };
        if (!known)
        {
            throw new DomainException(kind == HolderKind.Guest ? "guest_not_found" : "citizen_not_found", "No such person at your sites.");
        }

        var grants = await db.Grants.Include(g => g.Doors).WhereSiteIn(scope, g => g.SiteId)
            .Where(g => g.HolderKind == kind && g.HolderId == holderId && g.Status == GrantStatus.Active).ToListAsync(cancellationToken);
        await RevokeManyAsync(grants, staffId, reason, cancellationToken);
        audit.HolderRevoked(db, kind, holderId, staffId, grants, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifications.Wake();
        audit.Committed();
        return grants;
    }

    private Task RevokeOneAsync(AccessGrant grant, Guid staffId, string reason, CancellationToken cancellationToken) =>
        RevokeManyAsync([grant], staffId, reason, cancellationToken);

    /// <summary>
    /// Revokes <paramref name="grants"/> (tracked, doors loaded) in the caller's transaction: their
    /// credentials end and leave the locks, their bookings are cancelled, their guests are told.
    /// Set-based: a few statements for any number of grants, never a few per grant.
    /// </summary>
    private async Task RevokeManyAsync(IReadOnlyList<AccessGrant> grants, Guid staffId, string reason, CancellationToken cancellationToken)
    {
        if (grants.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var grant in grants)
        {
            grant.Revoke(staffId, reason, now);
        }

        await keys.RevokeAllAsync(db, grants, cancellationToken);
        var bookingIds = grants.Where(g => g.BookingId is not null).Select(g => g.BookingId!.Value).ToList();
        if (bookingIds.Count > 0)
        {
            foreach (var booking in await db.Bookings.Where(b => bookingIds.Contains(b.Id) && b.Status == BookingStatus.Confirmed).ToListAsync(cancellationToken))
            {
                booking.Cancel(now);
            }
        }

        var guestIds = grants.Where(g => g.HolderKind == HolderKind.Guest).Select(g => g.HolderId).Distinct().ToList();
        if (guestIds.Count == 0)
        {
            return;
        }

        var guests = await db.Guests.AsNoTracking().Where(g => guestIds.Contains(g.Id) && g.AnonymisedAt == null).ToDictionaryAsync(g => g.Id, cancellationToken);
        var siteIds = grants.Select(g => g.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).Select(s => new SiteLabel(s.Id, s.Name, s.TimeZoneId)).ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var grant in grants.Where(g => g.HolderKind == HolderKind.Guest))
        {
            if (guests.TryGetValue(grant.HolderId, out var guest))
            {
                Queue(GuestMessages.KeyRevoked(guest, sites[grant.SiteId], grant));
            }
        }
    }

    private void Queue(IEnumerable<OutgoingNotification> messages)
    {
        foreach (var message in messages)
        {
            notifications.Queue(db, message);
        }
    }

    private async Task<(Guid SiteId, IReadOnlyList<Door> Doors)> ResolveDoorsAsync(SiteScope scope, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new DomainException("grant_without_door", "Choose at least one door.");
        }

        var ids = wanted.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var found = await db.Doors.AsNoTracking().Where(d => ids.Contains(d.Id) || wanted.Contains(d.Slug)).ToListAsync(cancellationToken);
        var missing = wanted.FirstOrDefault(k => !found.Any(d => d.Slug == k || (Guid.TryParse(k, out var id) && d.Id == id)));
        if (missing is not null)
        {
            throw new DomainException("door_not_found", $"No door '{missing}'.");
        }

        if (found.FirstOrDefault(d => !scope.Contains(d.SiteId)) is { } foreign)
        {
            throw new DomainException("door_not_in_your_sites", $"The door '{foreign.Slug}' is not at a site you look after.");
        }

        var sites = found.Select(d => d.SiteId).Distinct().ToList();
        if (sites.Count > 1)
        {
            throw new DomainException("doors_span_sites", "A grant covers the doors of one site; make one grant per site.");
        }

        if (found.Count > options.Value.MaxDoorsPerGrant)
        {
            throw new DomainException("too_many_doors", $"A grant opens at most {options.Value.MaxDoorsPerGrant} doors.");
        }

        return (sites[0], found);
    }

    private void CheckValidity(TimeInterval validity)
    {
        if (validity.End <= clock.GetUtcNow())
        {
            throw new DomainException("invalid_validity", "The grant would end in the past.");
        }

        if (validity.Duration > options.Value.MaxGrantDuration)
        {
            throw new DomainException("invalid_validity", $"A grant lasts at most {options.Value.MaxGrantDuration.TotalDays:0} days.");
        }
    }

    private async Task<AccessGrant> ScopedAsync(SiteScope scope, Guid grantId, CancellationToken cancellationToken) =>
        await db.Grants.Include(g => g.Doors).WhereSiteIn(scope, g => g.SiteId).SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken)
        ?? throw new DomainException("grant_not_found", "No such grant at your sites.");

    private async Task<Guest> KnownGuestAsync(SiteScope scope, Guid guestId, CancellationToken cancellationToken)
    {
        var guest = await db.Guests.AsNoTracking().WhereSiteIn(scope, g => g.SiteId).SingleOrDefaultAsync(g => g.Id == guestId, cancellationToken)
            ?? throw new DomainException("guest_not_found", "No such guest at your sites.");
        return guest.IsAnonymised ? throw new DomainException("guest_anonymised", "The guest's personal data has been deleted; register them again.") : guest;
    }

    private async Task<Guest?> GuestOfAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        grant.HolderKind == HolderKind.Guest ? await db.Guests.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grant.HolderId && g.AnonymisedAt == null, cancellationToken) : null;

    private Guest NewGuest(GuestDetails details, Guid siteId, Guid staffId, DateTimeOffset now)
    {
        var guest = new Guest(Guid.NewGuid(), siteId, details.Name, details.Phone is { } phone ? GuestContact.NormalisePhone(phone) : null, details.Email, details.Organisation, staffId, now);
        db.Guests.Add(guest);
        return guest;
    }
}
