using GuestAccess.Domain.Sites;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Sites;

public sealed class DayPlanTests
{
    [Fact]
    public void Normalize_StaffedInsideSelfService_SplitsIntoThree()
    {
        var periods = DayPlan.Normalize([new(T("07:00"), T("22:00"), OpeningKind.SelfService), new(T("10:00"), T("18:00"), OpeningKind.Staffed)]);

        Assert.Equal(["07:00-10:00 SelfService", "10:00-18:00 Staffed", "18:00-22:00 SelfService"], periods.Select(p => p.ToString()));
    }

    [Fact]
    public void Normalize_TouchingPeriodsOfOneKind_Merge()
    {
        var periods = DayPlan.Normalize([new(T("07:00"), T("12:00"), OpeningKind.SelfService), new(T("12:00"), T("00:00"), OpeningKind.SelfService)]);

        var period = Assert.Single(periods);
        Assert.Equal(T("07:00"), period.Start);
        Assert.Equal(TimeOnly.MinValue, period.End);
    }

    [Fact]
    public void Normalize_Nothing_IsClosed()
    {
        Assert.Empty(DayPlan.Normalize([]));
    }
}
