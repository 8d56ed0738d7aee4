using GuestAccess.Domain.Sites;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Sites;

public sealed class OpeningHoursTests
{
    // Åby: self-service 07–22 every day, staffed Mon–Thu 10–18 and Sat 10–14 (the seed's pattern).
    private static readonly OpeningHours Aaby = Build(
        day => day switch
        {
            DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday =>
                [P("07:00", "22:00", OpeningKind.SelfService), P("10:00", "18:00", OpeningKind.Staffed)],
            DayOfWeek.Saturday => [P("07:00", "22:00", OpeningKind.SelfService), P("10:00", "14:00", OpeningKind.Staffed)],
            _ => [P("07:00", "22:00", OpeningKind.SelfService)],
        },
        [new OpeningException(new DateOnly(2026, 12, 24), "Juleaften", [])]);

    // Dokk1 weekdays: building 08–22, self-service 08–10 and 19–21, staffed 10–19.
    private static readonly OpeningHours Dokk1 = Build(
        day => day is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? [P("10:00", "16:00", OpeningKind.Staffed)]
            :
            [
                P("08:00", "22:00", OpeningKind.BuildingOnly), P("08:00", "10:00", OpeningKind.SelfService),
                P("19:00", "21:00", OpeningKind.SelfService), P("10:00", "19:00", OpeningKind.Staffed),
            ],
        []);

    [Theory]
    [InlineData("2026-11-23T06:59", null)] // Monday before opening
    [InlineData("2026-11-23T07:00", OpeningKind.SelfService)]
    [InlineData("2026-11-23T09:59", OpeningKind.SelfService)]
    [InlineData("2026-11-23T10:00", OpeningKind.Staffed)]
    [InlineData("2026-11-23T17:59", OpeningKind.Staffed)]
    [InlineData("2026-11-23T18:00", OpeningKind.SelfService)]
    [InlineData("2026-11-23T21:59:59.999", OpeningKind.SelfService)] // the last moment of unstaffed hours
    [InlineData("2026-11-23T22:00", null)]
    [InlineData("2026-11-27T12:00", OpeningKind.SelfService)] // Friday: no staff at all
    [InlineData("2026-11-28T13:59", OpeningKind.Staffed)] // Saturday
    [InlineData("2026-12-24T12:00", null)] // Juleaften: closed by exception
    public void KindAt_Aaby_FollowsLayeredHours(string local, OpeningKind? expected)
    {
        Assert.Equal(expected, Aaby.KindAt(Local(local), Zone));
    }

    [Theory]
    [InlineData("2026-11-23T09:00", true)]
    [InlineData("2026-11-23T12:00", false)]
    [InlineData("2026-11-23T20:00", true)]
    [InlineData("2026-11-23T21:30", true)] // building open, library closed: still no staff
    [InlineData("2026-11-23T22:00", false)] // closed is not "unstaffed hours"
    [InlineData("2026-11-28T12:00", false)]
    public void IsUnstaffedAt_Dokk1_TrueOnlyWhenOpenWithoutStaff(string local, bool expected)
    {
        Assert.Equal(expected, Dokk1.IsUnstaffedAt(Local(local), Zone));
    }

    [Fact]
    public void WeeklyPeriods_Dokk1Weekday_AreNormalizedAndOrdered()
    {
        var periods = Dokk1.WeeklyPeriods(DayOfWeek.Wednesday);

        Assert.Equal(
            ["08:00-10:00 SelfService", "10:00-19:00 Staffed", "19:00-21:00 SelfService", "21:00-22:00 BuildingOnly"],
            periods.Select(p => p.ToString()));
    }

    [Fact]
    public void OpenSpanAt_Evening_RunsFromMorningToClosingAcrossKinds()
    {
        var span = Aaby.OpenSpanAt(Local("2026-11-23T19:00"), Zone);

        Assert.NotNull(span);
        Assert.Equal(Local("2026-11-23T07:00"), span.Value.Start);
        Assert.Equal(Local("2026-11-23T22:00"), span.Value.End);
    }

    [Fact]
    public void OpenSpanAt_WhenClosed_IsNull()
    {
        Assert.Null(Aaby.OpenSpanAt(Local("2026-11-23T23:00"), Zone));
    }

    [Fact]
    public void OpenSpanAt_AroundTheClock_MergesAcrossMidnight()
    {
        var always = Build(_ => [P("00:00", "00:00", OpeningKind.SelfService)], []);

        var span = always.OpenSpanAt(Local("2026-11-23T12:00"), Zone);

        Assert.NotNull(span);
        Assert.True(span.Value.Duration >= TimeSpan.FromDays(14));
    }

    [Fact]
    public void IntervalsOn_SpringForwardDay_ResolveToRealInstants()
    {
        var hours = Build(_ => [P("01:00", "05:00", OpeningKind.SelfService)], []);

        var (_, interval) = Assert.Single(hours.IntervalsOn(new DateOnly(2026, 3, 29), Zone));

        Assert.Equal(Utc("2026-03-29T00:00Z"), interval.Start);
        Assert.Equal(Utc("2026-03-29T03:00Z"), interval.End); // 05:00 CEST: three real hours
    }

    [Fact]
    public void Constructor_OverlappingPeriods_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OpeningHours(
            new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
            {
                [DayOfWeek.Monday] = [P("08:00", "12:00", OpeningKind.Staffed), P("11:00", "14:00", OpeningKind.SelfService)],
            },
            []));
    }

    [Fact]
    public void OpeningPeriod_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => P("22:00", "02:00", OpeningKind.SelfService));
    }

    private static OpeningPeriod P(string start, string end, OpeningKind kind) => new(T(start), T(end), kind);

    private static OpeningHours Build(Func<DayOfWeek, OpeningPeriod[]> layers, OpeningException[] exceptions) =>
        new(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => DayPlan.Normalize(layers(d))), exceptions);
}

public sealed class HolidayClosureTests
{
    private static readonly OpeningHours Daily = new(
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<OpeningPeriod>)[new OpeningPeriod(T("07:00"), T("22:00"), OpeningKind.SelfService)]),
        [new OpeningException(new DateOnly(2030, 6, 10), "Særlig åbning", [new OpeningPeriod(T("10:00"), T("12:00"), OpeningKind.Staffed)])],
        HolidayClosures.PublicHolidays);

    [Fact]
    public void KindAt_PublicHolidayInAnyYear_IsClosedWithoutStoredRows()
    {
        Assert.Null(Daily.KindAt(Local("2030-06-09T12:00"), Zone)); // Pinsedag 2030
        Assert.Equal("Pinsedag", Daily.ExceptionOn(new DateOnly(2030, 6, 9))?.Name);
    }

    [Fact]
    public void KindAt_ExplicitExceptionOnHoliday_WinsOverClosure()
    {
        Assert.Equal(OpeningKind.Staffed, Daily.KindAt(Local("2030-06-10T11:00"), Zone)); // 2. pinsedag, opened specially
    }

    [Fact]
    public void KindAt_CustomaryDayWithoutThatFlag_IsOpen()
    {
        Assert.Equal(OpeningKind.SelfService, Daily.KindAt(Local("2026-12-24T12:00"), Zone));
    }
}
