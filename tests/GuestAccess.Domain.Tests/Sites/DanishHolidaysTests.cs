using GuestAccess.Domain.Sites;

namespace GuestAccess.Domain.Tests.Sites;

public sealed class DanishHolidaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DanishHolidays.EasterSunday(year));
    }

    [Fact]
    public void PublicHolidays_2026_MatchTheCalendarWithoutStoreBededag()
    {
        var holidays = DanishHolidays.PublicHolidays(2026).ToDictionary(h => h.Name, h => h.Date);

        Assert.Equal(10, holidays.Count);
        Assert.Equal(new DateOnly(2026, 4, 2), holidays["Skærtorsdag"]);
        Assert.Equal(new DateOnly(2026, 5, 14), holidays["Kristi himmelfartsdag"]);
        Assert.Equal(new DateOnly(2026, 5, 25), holidays["2. pinsedag"]);
        Assert.DoesNotContain("Store bededag", holidays.Keys);
    }
}
