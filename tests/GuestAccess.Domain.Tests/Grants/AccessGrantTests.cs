using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Grants;

public sealed class AccessGrantTests
{
    private static readonly Guid Door1 = Guid.NewGuid();
    private static readonly Guid Door2 = Guid.NewGuid();

    [Fact]
    public void AllowsAt_WeeklyGrant_OnlyOnItsWeekdaysInsideValidity()
    {
        var grant = StaffGrant(new WeeklySchedule([new TimeWindow(DayOfWeek.Tuesday, T("18:00"), T("21:30"))]));

        Assert.True(grant.AllowsAt(Local("2026-11-24T19:00"), Zone)); // Tuesday
        Assert.False(grant.AllowsAt(Local("2026-11-25T19:00"), Zone)); // Wednesday
        Assert.False(grant.AllowsAt(Local("2027-01-05T19:00"), Zone)); // Tuesday, after validity
    }

    [Fact]
    public void AllowsAt_AfterRevoke_IsFalse()
    {
        var grant = StaffGrant(null);

        grant.Revoke(Guid.NewGuid(), "Kontrakt ophørt", Local("2026-11-24T08:00"));

        Assert.False(grant.AllowsAt(Local("2026-11-24T19:00"), Zone));
        Assert.Equal(GrantStatus.Revoked, grant.Status);
    }

    [Fact]
    public void Revoke_Twice_IsRejectedWithStableCode()
    {
        var grant = StaffGrant(null);
        grant.Revoke(Guid.NewGuid(), "Stop", Local("2026-11-24T08:00"));

        var error = Assert.Throws<DomainException>(() => grant.Revoke(Guid.NewGuid(), "Stop", Local("2026-11-24T09:00")));

        Assert.Equal("grant_not_active", error.Code);
    }

    [Fact]
    public void ByStaff_WithoutReason_IsRejected()
    {
        var error = Assert.Throws<DomainException>(() => AccessGrant.ByStaff(
            Guid.NewGuid(), Guid.NewGuid(), HolderKind.Guest, Guid.NewGuid(), Validity, null, [Door1], Guid.NewGuid(), " ", Local("2026-11-20T10:00")));

        Assert.Equal("reason_required", error.Code);
    }

    [Fact]
    public void Change_Doors_KeepsDeliveryStateOfRemainingDoors()
    {
        var grant = StaffGrant(null);
        grant.Doors.Single(d => d.DoorId == Door1).MarkApplied(removal: false, Local("2026-11-20T10:01"));

        grant.Change(Validity, null, [Door1]);

        var door = Assert.Single(grant.Doors);
        Assert.Equal(DoorDeliveryState.Applied, door.State);
    }

    private static readonly TimeInterval Validity = new(Local("2026-11-20T00:00"), Local("2027-01-01T00:00"));

    private static AccessGrant StaffGrant(WeeklySchedule? schedule) => AccessGrant.ByStaff(
        Guid.NewGuid(), Guid.NewGuid(), HolderKind.Guest, Guid.NewGuid(), Validity, schedule, [Door1, Door2], Guid.NewGuid(), "Rengøring", Local("2026-11-20T10:00"));
}
