using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.Tests.Seeding;

public sealed class SeedValuesTests
{
    [Theory]
    [InlineData("mon-fri", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    [InlineData("sat-sun", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [InlineData("sat", new[] { DayOfWeek.Saturday })]
    [InlineData("mon,wed,fri", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday })]
    [InlineData("mon-sun", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday })]
    public void DaySet_Parse_MondayFirstRangesAndLists(string text, DayOfWeek[] expected)
    {
        Assert.Equal(expected, DaySet.Parse(text).Days);
    }

    [Fact]
    public void DaySet_Parse_DailyIsAllSevenDays()
    {
        Assert.Equal(7, DaySet.Parse("daily").Days.Count);
    }

    [Theory]
    [InlineData("sun-mon")] // backwards
    [InlineData("monday")]
    [InlineData("")]
    [InlineData("mon-tue-wed")]
    public void DaySet_Parse_Nonsense_Throws(string text)
    {
        Assert.Throws<FormatException>(() => DaySet.Parse(text));
    }

    [Fact]
    public void TimeRanges_Parse_TwentyFourHundredEndsAtMidnight()
    {
        var (start, end) = TimeRanges.ParseRange("18:00-24:00");

        Assert.Equal(new TimeOnly(18, 0), start);
        Assert.Equal(TimeOnly.MinValue, end);
    }

    [Theory]
    [InlineData("22:00-02:00")] // opening hours never cross midnight
    [InlineData("8-22")]
    [InlineData("08:00")]
    [InlineData("08:00-08:00")]
    [InlineData("25:00-26:00")]
    public void TimeRanges_Parse_Invalid_Throws(string text)
    {
        Assert.Throws<FormatException>(() => TimeRanges.ParseRange(text));
    }
}
