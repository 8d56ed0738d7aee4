using GuestAccess.LockProtocol.Schedules;

namespace GuestAccess.LockProtocol.Tests.Schedules;

/// <summary>
/// Weekly windows on the Copenhagen wall clock across the 2026 DST changes (CET→CEST on
/// 2026-03-29 at 02:00 local, CEST→CET on 2026-10-25 at 03:00 local) and across midnight. Each
/// case counts the open minutes between two UTC instants, evaluated both with the schedule's
/// POSIX rule (firmware) and with the system's Europe/Copenhagen zone, which must agree.
/// </summary>
public sealed class ScheduleDstTests
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    [Fact]
    public void SpringForward_WindowInsideTheSkippedHour_NeverOpens() =>
        Assert.Equal(0, OpenMinutes(Window(Weekday.Sunday, "02:00", "03:00"), "2026-03-28T23:00:00Z", "2026-03-29T04:00:00Z"));

    [Fact]
    public void SpringForward_WindowSpanningTheJump_IsOneHourShorter()
    {
        var schedule = Window(Weekday.Sunday, "01:00", "04:00");
        Assert.Equal(120, OpenMinutes(schedule, "2026-03-28T23:00:00Z", "2026-03-29T04:00:00Z"));
        Assert.True(schedule.IsOpenAt(At("2026-03-29T00:59:00Z"))); // 01:59 CET
        Assert.True(schedule.IsOpenAt(At("2026-03-29T01:00:00Z"))); // 03:00 CEST
        Assert.False(schedule.IsOpenAt(At("2026-03-29T02:00:00Z"))); // 04:00 CEST
    }

    [Fact]
    public void FallBack_WindowInsideTheRepeatedHour_OpensBothTimes()
    {
        var schedule = Window(Weekday.Sunday, "02:00", "03:00");
        Assert.Equal(120, OpenMinutes(schedule, "2026-10-24T22:00:00Z", "2026-10-25T04:00:00Z"));
        Assert.True(schedule.IsOpenAt(At("2026-10-25T00:30:00Z"))); // 02:30 CEST
        Assert.True(schedule.IsOpenAt(At("2026-10-25T01:30:00Z"))); // 02:30 CET
        Assert.False(schedule.IsOpenAt(At("2026-10-25T02:00:00Z"))); // 03:00 CET
    }

    [Fact]
    public void Overnight_AcrossMidnight_OpensFromStartDayUntilNextMorning()
    {
        var schedule = Window(Weekday.Friday, "22:00", "02:00"); // 2026-05-08 is a Friday, CEST = UTC+2
        Assert.False(schedule.IsOpenAt(At("2026-05-08T19:59:00Z"))); // Fri 21:59
        Assert.True(schedule.IsOpenAt(At("2026-05-08T20:00:00Z"))); // Fri 22:00
        Assert.True(schedule.IsOpenAt(At("2026-05-08T22:00:00Z"))); // Sat 00:00
        Assert.True(schedule.IsOpenAt(At("2026-05-08T23:59:00Z"))); // Sat 01:59
        Assert.False(schedule.IsOpenAt(At("2026-05-09T00:00:00Z"))); // Sat 02:00
        Assert.False(schedule.IsOpenAt(At("2026-05-07T21:00:00Z"))); // Thu 23:00
        Assert.False(schedule.IsOpenAt(At("2026-05-09T20:30:00Z"))); // Sat 22:30
        Assert.False(schedule.IsOpenAt(At("2026-05-09T22:30:00Z"))); // Sun 00:30
        Assert.Equal(240, OpenMinutes(schedule, "2026-05-04T00:00:00Z", "2026-05-11T00:00:00Z"));
    }

    [Fact]
    public void Overnight_SundayIntoMonday_WrapsTheWeek()
    {
        var schedule = Window(Weekday.Sunday, "23:00", "01:00");
        Assert.True(schedule.IsOpenAt(At("2026-05-10T22:30:00Z"))); // Mon 00:30
        Assert.False(schedule.IsOpenAt(At("2026-05-11T22:30:00Z"))); // Tue 00:30
    }

    [Fact]
    public void Overnight_AcrossSpringForward_EndsAtTheJump() =>
        Assert.Equal(240, OpenMinutes(Window(Weekday.Saturday, "22:00", "02:30"), "2026-03-28T18:00:00Z", "2026-03-29T06:00:00Z"));

    [Fact]
    public void Overnight_AcrossFallBack_RepeatsTheRepeatedHalfHour() =>
        Assert.Equal(270 + 30, OpenMinutes(Window(Weekday.Saturday, "22:00", "02:30"), "2026-10-24T18:00:00Z", "2026-10-25T06:00:00Z"));

    [Fact]
    public void WholeDay_ToEndOfDay_CoversEveryMinuteOfThatDayOnly() =>
        Assert.Equal(24 * 60, OpenMinutes(Window(Weekday.Wednesday, "00:00", "24:00"), "2026-05-04T00:00:00Z", "2026-05-11T00:00:00Z"));

    [Fact]
    public void SeveralWindowsOnOneDay_EachCounts()
    {
        var schedule = new WeeklySchedule
        {
            TimeZone = "Europe/Copenhagen",
            Posix = "CET-1CEST,M3.5.0,M10.5.0/3",
            Windows =
            [
                new ScheduleWindow { Days = [Weekday.Monday], From = ClockTime.Parse("08:00"), To = ClockTime.Parse("09:00") },
                new ScheduleWindow { Days = [Weekday.Monday], From = ClockTime.Parse("18:00"), To = ClockTime.Parse("20:00") },
            ],
        };
        Assert.Equal(180, OpenMinutes(schedule, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z"));
        Assert.False(schedule.IsOpenAt(At("2026-05-04T08:00:00Z"))); // 10:00 local
    }

    private static WeeklySchedule Window(Weekday day, string from, string to) => new()
    {
        TimeZone = "Europe/Copenhagen",
        Posix = "CET-1CEST,M3.5.0,M10.5.0/3",
        Windows = [new ScheduleWindow { Days = [day], From = ClockTime.Parse(from), To = ClockTime.Parse(to) }],
    };

    private static int OpenMinutes(WeeklySchedule schedule, string fromUtc, string toUtc)
    {
        var open = 0;
        for (var t = At(fromUtc); t < At(toUtc); t = t.AddMinutes(1))
        {
            var byPosix = schedule.IsOpenAt(t);
            Assert.Equal(schedule.IsOpenAt(t, Copenhagen), byPosix);
            open += byPosix ? 1 : 0;
        }

        return open;
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}
