using FsCheck;
using FsCheck.Fluent;
using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Time;

/// <summary>
/// The two ways of evaluating a schedule — "is this instant inside?" (what a lock does) and
/// "which real intervals are open?" (what the server uses for planning and audit queries) —
/// must agree for every instant, including around the DST changes of 2026.
/// </summary>
public sealed class SchedulePropertyTests
{
    private static readonly DateTimeOffset YearStart = Utc("2026-01-01T00:00Z");

    private static readonly Gen<TimeWindow> Windows =
        from day in Gen.Elements(Enum.GetValues<DayOfWeek>())
        from start in Gen.Choose(0, 95)
        from end in Gen.Choose(0, 95)
        where start != end
        select new TimeWindow(day, new TimeOnly(start / 4, start % 4 * 15), new TimeOnly(end / 4, end % 4 * 15));

    // Instants biased to the interesting days: both DST changes and ordinary days.
    private static readonly Gen<DateTimeOffset> Instants = Gen.OneOf(
        Gen.Choose(0, 365 * 24 * 60).Select(m => YearStart.AddMinutes(m)),
        Gen.Choose(-36 * 60, 36 * 60).Select(m => Utc("2026-03-29T01:00Z").AddMinutes(m)),
        Gen.Choose(-36 * 60, 36 * 60).Select(m => Utc("2026-10-25T01:00Z").AddMinutes(m)));

    [Fact]
    public void ContainsAndOccurrences_AgreeForEveryInstant()
    {
        var property = Prop.ForAll(
            Arb.From(Gen.NonEmptyListOf(Windows).Select(w => w.Take(4).ToArray())),
            Arb.From(Instants),
            (windows, instant) =>
            {
                var schedule = new WeeklySchedule(windows);
                var inOccurrence = schedule
                    .Occurrences(instant.AddDays(-2), instant.AddDays(2), Zone)
                    .Any(i => i.Contains(instant));
                return schedule.Contains(instant, Zone) == inOccurrence;
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    // Exhaustive over the nights that matter: every quarter-hour window on the DST Sundays that starts or ends
    // between 00:00 and 04:00 (or runs overnight into them), checked minute by minute.
    [Theory]
    [InlineData("2026-03-29")]
    [InlineData("2026-10-25")]
    public void ContainsAndOccurrences_AgreeEveryMinuteAroundTheDstChanges(string date)
    {
        var sunday = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var from = new DateTimeOffset(sunday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-26);
        var to = from.AddHours(52);
        var disagreements = new List<string>();
        for (var start = -8; start <= 16; start++)
        {
            for (var end = 0; end <= 16; end++)
            {
                var startDay = start < 0 ? DayOfWeek.Saturday : DayOfWeek.Sunday;
                var startTime = new TimeOnly((start + 96) % 96 / 4, (start + 96) % 4 * 15);
                var endTime = new TimeOnly(end / 4, end % 4 * 15);
                if (startDay == DayOfWeek.Sunday && startTime == endTime)
                {
                    continue;
                }

                var schedule = new WeeklySchedule([new TimeWindow(startDay, startTime, endTime)]);
                var occurrences = schedule.Occurrences(from, to, Zone).ToList();
                for (var instant = from; instant < to; instant = instant.AddMinutes(1))
                {
                    if (schedule.Contains(instant, Zone) != occurrences.Any(o => o.Contains(instant)))
                    {
                        disagreements.Add($"{startDay} {startTime}-{endTime} at {instant:u}");
                    }
                }
            }
        }

        Assert.Empty(disagreements);
    }
}
