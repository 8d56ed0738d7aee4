using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Time;

public sealed class WeeklyScheduleTests
{
    private static WeeklySchedule Schedule(params TimeWindow[] windows) => new(windows);

    [Theory]
    [InlineData("2026-11-23T22:00", true)] // Monday, the window opens
    [InlineData("2026-11-23T23:59", true)]
    [InlineData("2026-11-24T00:00", true)] // midnight: still Monday's window
    [InlineData("2026-11-24T01:59", true)]
    [InlineData("2026-11-24T02:00", false)] // Tuesday 02:00: closed (end is exclusive)
    [InlineData("2026-11-23T21:59", false)]
    [InlineData("2026-11-24T22:30", false)] // Tuesday evening: no window
    [InlineData("2026-11-23T01:00", false)] // Monday 01:00 belongs to Sunday's night, not Monday's
    public void Contains_OvernightWindow_OpenFromStartDayIntoNextMorning(string local, bool expected)
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Monday, T("22:00"), T("02:00")));

        Assert.Equal(expected, schedule.Contains(Local(local), Zone));
    }

    [Fact]
    public void Contains_SundayOvernightWindow_WrapsIntoMonday()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("23:00"), T("01:00")));

        Assert.True(schedule.Contains(Local("2026-11-23T00:30"), Zone)); // Monday 00:30
        Assert.False(schedule.Contains(Local("2026-11-22T00:30"), Zone)); // Sunday 00:30
    }

    [Fact]
    public void Contains_WindowEndingAtMidnight_CoversLastMinuteButNotNextDay()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Friday, T("18:00"), T("00:00")));

        Assert.True(schedule.Contains(Local("2026-11-27T23:59:59"), Zone));
        Assert.False(schedule.Contains(Local("2026-11-28T00:00"), Zone));
        Assert.Equal(TimeSpan.FromHours(6), schedule.Windows[0].WallClockLength);
    }

    [Fact]
    public void Contains_SeveralWindowsOnOneDay_EachCounts()
    {
        var schedule = Schedule(
            new TimeWindow(DayOfWeek.Tuesday, T("08:00"), T("09:00")),
            new TimeWindow(DayOfWeek.Tuesday, T("18:00"), T("21:30")));

        Assert.True(schedule.Contains(Local("2026-11-24T08:30"), Zone));
        Assert.False(schedule.Contains(Local("2026-11-24T12:00"), Zone));
        Assert.True(schedule.Contains(Local("2026-11-24T21:29"), Zone));
        Assert.False(schedule.Contains(Local("2026-11-24T21:30"), Zone));
    }

    // Spring forward: Sunday 2026-03-29, 02:00 CET (01:00 UTC) becomes 03:00 CEST.
    [Theory]
    [InlineData("2026-03-29T00:30Z", true)] // 01:30 CET
    [InlineData("2026-03-29T00:59Z", true)] // 01:59 CET
    [InlineData("2026-03-29T01:00Z", true)] // 03:00 CEST, right after the gap
    [InlineData("2026-03-29T01:59Z", true)] // 03:59 CEST
    [InlineData("2026-03-29T02:00Z", false)] // 04:00 CEST
    public void Contains_AcrossSpringForward_UsesWallClock(string utc, bool expected)
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("01:00"), T("04:00")));

        Assert.Equal(expected, schedule.Contains(Utc(utc), Zone));
    }

    [Fact]
    public void Occurrences_AcrossSpringForward_AreTwoRealHoursForThreeWallClockHours()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("01:00"), T("04:00")));

        var occurrence = Assert.Single(schedule.Occurrences(Utc("2026-03-28T00:00Z"), Utc("2026-03-30T00:00Z"), Zone));

        Assert.Equal(Utc("2026-03-29T00:00Z"), occurrence.Start);
        Assert.Equal(Utc("2026-03-29T02:00Z"), occurrence.End);
    }

    [Fact]
    public void Occurrences_WindowInsideTheSpringGap_IsEmptyThatDay()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("02:15"), T("02:45")));

        Assert.Empty(schedule.Occurrences(Utc("2026-03-29T00:00Z"), Utc("2026-03-30T00:00Z"), Zone));
        Assert.False(schedule.Contains(Utc("2026-03-29T01:00Z"), Zone));
    }

    // Fall back: Sunday 2026-10-25, 03:00 CEST (01:00 UTC) becomes 02:00 CET: 02:00-03:00 happens twice.
    [Theory]
    [InlineData("2026-10-24T23:59Z", false)] // 01:59 CEST
    [InlineData("2026-10-25T00:30Z", true)] // 02:30 CEST, first time
    [InlineData("2026-10-25T01:30Z", true)] // 02:30 CET, second time
    [InlineData("2026-10-25T02:00Z", false)] // 03:00 CET
    public void Contains_AcrossFallBack_OpenInBothOccurrencesOfTheRepeatedHour(string utc, bool expected)
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("02:00"), T("03:00")));

        Assert.Equal(expected, schedule.Contains(Utc(utc), Zone));
    }

    // A window ending inside the repeated hour is left at 02:30 summer time and entered again at 02:00 winter
    // time, as the wall clock (and the lock, which evaluates the wall clock) sees it.
    [Theory]
    [InlineData("2026-10-24T23:44Z", false)] // 01:44 CEST
    [InlineData("2026-10-24T23:45Z", true)] // 01:45 CEST
    [InlineData("2026-10-25T00:29Z", true)] // 02:29 CEST, first time
    [InlineData("2026-10-25T00:39Z", false)] // 02:39 CEST, first time
    [InlineData("2026-10-25T01:00Z", true)] // 02:00 CET, second time
    [InlineData("2026-10-25T01:29Z", true)] // 02:29 CET, second time
    [InlineData("2026-10-25T01:30Z", false)] // 02:30 CET
    public void Contains_WindowEndingInTheRepeatedHour_AgreesWithOccurrences(string utc, bool expected)
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("01:45"), T("02:30")));
        var instant = Utc(utc);

        Assert.Equal(expected, schedule.Contains(instant, Zone));
        Assert.Equal(expected, schedule.Occurrences(instant.AddDays(-1), instant.AddDays(1), Zone).Any(i => i.Contains(instant)));
    }

    [Fact]
    public void Occurrences_WindowEndingInTheRepeatedHour_AreTwoIntervals()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("01:45"), T("02:30")));

        var occurrences = schedule.Occurrences(Utc("2026-10-24T00:00Z"), Utc("2026-10-26T00:00Z"), Zone).ToList();

        Assert.Equal(
            [new TimeInterval(Utc("2026-10-24T23:45Z"), Utc("2026-10-25T00:30Z")), new TimeInterval(Utc("2026-10-25T01:00Z"), Utc("2026-10-25T01:30Z"))],
            occurrences);
    }

    [Fact]
    public void Occurrences_AcrossFallBack_SpanBothOccurrences()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Sunday, T("02:00"), T("03:00")));

        var occurrence = Assert.Single(schedule.Occurrences(Utc("2026-10-24T00:00Z"), Utc("2026-10-26T00:00Z"), Zone));

        Assert.Equal(Utc("2026-10-25T00:00Z"), occurrence.Start);
        Assert.Equal(Utc("2026-10-25T02:00Z"), occurrence.End);
    }

    [Fact]
    public void Occurrences_OvernightWindowOverFallBack_LastsOneHourLonger()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Saturday, T("22:00"), T("06:00")));

        var occurrence = Assert.Single(schedule.Occurrences(Utc("2026-10-24T00:00Z"), Utc("2026-10-26T00:00Z"), Zone));

        Assert.Equal(TimeSpan.FromHours(9), occurrence.Duration);
        Assert.Equal(Utc("2026-10-24T20:00Z"), occurrence.Start); // 22:00 CEST
        Assert.Equal(Utc("2026-10-25T05:00Z"), occurrence.End); // 06:00 CET
    }

    [Fact]
    public void Occurrences_AreClippedToTheRequestedRange()
    {
        var schedule = Schedule(new TimeWindow(DayOfWeek.Monday, T("22:00"), T("02:00")));

        var occurrence = Assert.Single(schedule.Occurrences(Local("2026-11-24T00:00"), Local("2026-11-24T12:00"), Zone));

        Assert.Equal(Local("2026-11-24T00:00"), occurrence.Start);
        Assert.Equal(Local("2026-11-24T02:00"), occurrence.End);
    }

    [Fact]
    public void Constructor_EmptyWindow_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TimeWindow(DayOfWeek.Monday, T("10:00"), T("10:00")));
    }

    [Fact]
    public void Constructor_NoWindows_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WeeklySchedule([]));
    }
}
