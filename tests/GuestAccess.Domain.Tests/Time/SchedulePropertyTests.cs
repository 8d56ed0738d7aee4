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
}
