using FsCheck;
using FsCheck.Fluent;
using GuestAccess.LockProtocol.Schedules;

namespace GuestAccess.LockProtocol.Tests.Schedules;

public sealed class PosixTimeZoneTests
{
    public static TheoryData<string> Zones => new()
    {
        "Europe/Copenhagen", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Auckland",
    };

    [Fact]
    public void Format_Copenhagen_IsTheEuRule() =>
        Assert.Equal("<+01>-1<+02>,M3.5.0,M10.5.0/3", PosixTimeZoneFormatter.Format(TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")));

    [Theory]
    [InlineData("Asia/Tokyo", "<+09>-9")]
    [InlineData("Asia/Kolkata", "<+0530>-5:30")]
    [InlineData("America/New_York", "<-05>5<-04>,M3.2.0,M11.1.0")]
    [InlineData("Australia/Sydney", "<+10>-10<+11>,M10.1.0,M4.1.0/3")]
    public void Format_OtherZones_MatchTheirRules(string zone, string expected) =>
        Assert.Equal(expected, PosixTimeZoneFormatter.Format(TimeZoneInfo.FindSystemTimeZoneById(zone)));

    /// <summary>The derived POSIX rule gives the same UTC offset as the time zone database at any instant 2026–2036.</summary>
    [Theory]
    [MemberData(nameof(Zones))]
    public void Format_ThenEvaluate_AgreesWithTimeZoneDatabase(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var posix = PosixTimeZone.Parse(PosixTimeZoneFormatter.Format(zone));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var span = new DateTimeOffset(2036, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() - start;

        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), (int r) =>
        {
            var instant = DateTimeOffset.FromUnixTimeSeconds(start + (long)((double)r / int.MaxValue * span));
            return posix.GetUtcOffset(instant) == zone.GetUtcOffset(instant);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void GetUtcOffset_AroundCopenhagenTransitions_SwitchesAtTheRightSecond()
    {
        var zone = PosixTimeZone.Parse("CET-1CEST,M3.5.0,M10.5.0/3");
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(At("2026-03-29T00:59:59Z")));
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(At("2026-03-29T01:00:00Z")));
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(At("2026-10-25T00:59:59Z")));
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(At("2026-10-25T01:00:00Z")));
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), zone.ToLocal(At("2026-10-25T00:30:00Z")));
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), zone.ToLocal(At("2026-10-25T01:30:00Z")));
    }

    [Theory]
    [InlineData("UTC0", 0, 0)]
    [InlineData("<+0530>-5:30", 330, 330)]
    [InlineData("EST5EDT,M3.2.0/2:00:00,M11.1.0/2:00:00", -300, -240)]
    [InlineData("IST-1GMT0,M10.5.0,M3.5.0/1", 60, 0)]
    [InlineData("<-03>3<-02>,J60/0,J300/0", -180, -120)]
    [InlineData("XXX-2YYY-3,59/0,299/0", 120, 180)]
    public void Parse_ValidRules_GiveTheirOffsets(string text, int standardMinutes, int daylightMinutes)
    {
        var zone = PosixTimeZone.Parse(text);
        Assert.Equal(TimeSpan.FromMinutes(standardMinutes), zone.StandardOffset);
        Assert.Equal(TimeSpan.FromMinutes(daylightMinutes), zone.DaylightOffset ?? zone.StandardOffset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CET")]
    [InlineData("CE-1")]
    [InlineData("CET-1CEST")]
    [InlineData("CET-1CEST,M3.5.0")]
    [InlineData("CET-1CEST,M13.5.0,M10.5.0/3")]
    [InlineData("CET-1CEST,M3.6.0,M10.5.0/3")]
    [InlineData("CET-1CEST,M3.5.7,M10.5.0/3")]
    [InlineData("CET-25")]
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3 ")]
    [InlineData("<+01-1")]
    [InlineData("Europe/Copenhagen")]
    public void TryParse_InvalidRules_Fail(string? text) => Assert.False(PosixTimeZone.TryParse(text, out _));

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}
