using GuestAccess.Domain.Common;
using GuestAccess.Domain.Time;

namespace GuestAccess.Domain.Grants;

/// <summary>
/// A digital key: who may open which doors of one site, during which window, optionally only in
/// a weekly schedule. Access is personal; a grant has one holder.
/// </summary>
public sealed class AccessGrant
{
    public const int MaxReasonLength = 500;

    private readonly List<GrantDoor> _doors = [];

    private AccessGrant(Guid id, Guid siteId, HolderKind holderKind, Guid holderId, TimeInterval validity, GrantOrigin origin, Guid issuedBy, DateTimeOffset createdAt)
    {
        if (validity.IsEmpty)
        {
            throw new DomainException("invalid_validity", "A grant must be valid for some time.");
        }

        Id = id;
        SiteId = siteId;
        HolderKind = holderKind;
        HolderId = holderId;
        ValidFrom = validity.Start;
        ValidUntil = validity.End;
        Origin = origin;
        IssuedBy = issuedBy;
        CreatedAt = createdAt;
        Status = GrantStatus.Active;
    }

    private AccessGrant()
    {
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    public HolderKind HolderKind { get; private set; }

    /// <summary>The citizen's user id, or the guest's id (see <see cref="HolderKind"/>).</summary>
    public Guid HolderId { get; private set; }

    public DateTimeOffset ValidFrom { get; private set; }

    public DateTimeOffset ValidUntil { get; private set; }

    /// <summary>Optional weekly pattern inside the validity window, in the site's local time.</summary>
    public WeeklySchedule? Schedule { get; private set; }

    public GrantOrigin Origin { get; private set; }

    public Guid? BookingId { get; private set; }

    /// <summary>The user who issued the grant (the citizen for a booking, else the caretaker).</summary>
    public Guid IssuedBy { get; private set; }

    /// <summary>Why a caretaker granted access (required for staff grants).</summary>
    public string? Reason { get; private set; }

    public GrantStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public Guid? RevokedBy { get; private set; }

    public string? RevokeReason { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<GrantDoor> Doors => _doors;

    public TimeInterval Validity => new(ValidFrom, ValidUntil);

    public static AccessGrant ForBooking(Guid id, Guid siteId, Guid citizenId, Guid bookingId, TimeInterval validity, IEnumerable<Guid> doorIds, DateTimeOffset createdAt)
    {
        var grant = new AccessGrant(id, siteId, HolderKind.Citizen, citizenId, validity, GrantOrigin.Booking, citizenId, createdAt) { BookingId = bookingId };
        grant.SetDoors(doorIds);
        return grant;
    }

    public static AccessGrant ByStaff(Guid id, Guid siteId, HolderKind holderKind, Guid holderId, TimeInterval validity, WeeklySchedule? schedule, IEnumerable<Guid> doorIds, Guid issuedBy, string reason, DateTimeOffset createdAt)
    {
        var grant = new AccessGrant(id, siteId, holderKind, holderId, validity, GrantOrigin.Staff, issuedBy, createdAt)
        {
            Schedule = schedule,
            Reason = RequireReason(reason),
        };
        grant.SetDoors(doorIds);
        return grant;
    }

    /// <summary>Whether the grant lets its holder through at an instant (status, window and schedule).</summary>
    public bool AllowsAt(DateTimeOffset instant, TimeZoneInfo siteZone) =>
        Status == GrantStatus.Active && Validity.Contains(instant) && (Schedule is null || Schedule.Contains(instant, siteZone));

    public void Revoke(Guid by, string reason, DateTimeOffset at)
    {
        if (Status != GrantStatus.Active)
        {
            throw new DomainException("grant_not_active", "Only an active grant can be revoked.");
        }

        Status = GrantStatus.Revoked;
        RevokedAt = at;
        RevokedBy = by;
        RevokeReason = RequireReason(reason);
    }

    public void Expire() => Status = Status == GrantStatus.Active ? GrantStatus.Expired : Status;

    public void Change(TimeInterval validity, WeeklySchedule? schedule, IEnumerable<Guid> doorIds)
    {
        if (Status != GrantStatus.Active)
        {
            throw new DomainException("grant_not_active", "Only an active grant can be changed.");
        }

        ValidFrom = validity.Start;
        ValidUntil = validity.End;
        Schedule = schedule;
        SetDoors(doorIds);
    }

    private void SetDoors(IEnumerable<Guid> doorIds)
    {
        var ids = doorIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            throw new DomainException("grant_without_door", "A grant needs at least one door.");
        }

        _doors.RemoveAll(d => !ids.Contains(d.DoorId));
        _doors.AddRange(ids.Where(id => _doors.All(d => d.DoorId != id)).Select(id => new GrantDoor(Id, id)));
    }

    private static string RequireReason(string reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength
            ? throw new DomainException("reason_required", $"A reason of 1-{MaxReasonLength} characters is required.")
            : reason.Trim();
}
