using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Time;

public sealed class ZonedTimeTests
{
    private static readonly DateOnly SpringForward = new(2026, 3, 29);
    private static readonly DateOnly FallBack = new(2026, 10, 25);

    [Fact]
    public void Resolve_TimeInSpringGap_MovesToEndOfGapForStartAndEnd()
    {
        Assert.Equal(Utc("2026-03-29T01:00Z"), ZonedTime.ResolveStart(SpringForward, T("02:30"), Zone));
        Assert.Equal(Utc("2026-03-29T01:00Z"), ZonedTime.ResolveEnd(SpringForward, T("02:30"), Zone));
    }

    [Fact]
    public void Resolve_AmbiguousFallBackTime_StartIsFirstAndEndIsSecondOccurrence()
    {
        Assert.Equal(Utc("2026-10-25T00:30Z"), ZonedTime.ResolveStart(FallBack, T("02:30"), Zone));
        Assert.Equal(Utc("2026-10-25T01:30Z"), ZonedTime.ResolveEnd(FallBack, T("02:30"), Zone));
    }

    [Fact]
    public void Resolve_OrdinaryTime_UsesTheOffsetOfThatDate()
    {
        Assert.Equal(Utc("2026-07-01T08:00Z"), ZonedTime.ResolveStart(new DateOnly(2026, 7, 1), T("10:00"), Zone));
        Assert.Equal(Utc("2026-12-01T09:00Z"), ZonedTime.ResolveStart(new DateOnly(2026, 12, 1), T("10:00"), Zone));
    }

    [Fact]
    public void LocalDate_JustAfterLocalMidnight_IsTheNewDate()
    {
        Assert.Equal(new DateOnly(2026, 11, 24), ZonedTime.LocalDate(Utc("2026-11-23T23:30Z"), Zone));
    }
}
