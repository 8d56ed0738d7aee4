using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;

namespace GuestAccess.LockProtocol.Tests.Schedules;

public sealed class WeeklyScheduleTests
{
    private const string Sync = """
        {"v":1,"type":"sync_credentials","id":"c","lock":"dokk1-room-3","counter":1,"issuedAt":1777881600,"expiresAt":1777881900,"version":1,"lockdown":false,"credentials":[{"id":"p","grant":"g","salt":"AAECAwQFBgcICQoLDA0ODw","hash":"eCnALfKhYbXL-dGZkylPdusL41F_Pred24ykiehS7ao","notBefore":1777914000,"notAfter":1780264800,"schedule":{"tz":"Europe/Copenhagen","posix":"CET-1CEST,M3.5.0,M10.5.0/3","windows":[{"days":["mon"],"from":"18:00","to":"22:00"}]}}],"revocations":[]}
        """;

    [Fact]
    public void Create_IanaZone_DerivesPosixRule()
    {
        var schedule = WeeklySchedule.Create("Europe/Copenhagen", [new ScheduleWindow { Days = [Weekday.Monday], From = ClockTime.Parse("18:00"), To = ClockTime.Parse("22:00") }]);
        Assert.Equal("Europe/Copenhagen", schedule.TimeZone);
        Assert.Equal("<+01>-1<+02>,M3.5.0,M10.5.0/3", schedule.Posix);
    }

    [Fact]
    public void Create_EmptyWindow_Throws() => Assert.Throws<ArgumentException>(() =>
        WeeklySchedule.Create("Europe/Copenhagen", [new ScheduleWindow { Days = [Weekday.Monday], From = ClockTime.Parse("18:00"), To = ClockTime.Parse("18:00") }]));

    [Fact]
    public void Decode_ValidSyncWithSchedule_Succeeds() =>
        Assert.True(LockMessageCodec.TryDecode<LockCommand>(Sync, out _, out _));

    [Theory]
    [InlineData("\"posix\":\"CET-1CEST,M3.5.0,M10.5.0/3\"", "\"posix\":\"Europe/Copenhagen\"")]
    [InlineData("\"tz\":\"Europe/Copenhagen\"", "\"tz\":\"\"")]
    [InlineData("\"days\":[\"mon\"]", "\"days\":[\"mon\",\"mon\"]")]
    [InlineData("\"days\":[\"mon\"]", "\"days\":[]")]
    [InlineData("\"days\":[\"mon\"]", "\"days\":[\"monday\"]")]
    [InlineData("\"from\":\"18:00\"", "\"from\":\"22:00\"")]
    [InlineData("\"from\":\"18:00\"", "\"from\":\"24:00\"")]
    [InlineData("\"from\":\"18:00\"", "\"from\":\"18:60\"")]
    [InlineData("\"from\":\"18:00\"", "\"from\":\"6pm\"")]
    [InlineData("\"salt\":\"AAECAwQFBgcICQoLDA0ODw\"", "\"salt\":\"AAECAwQFBgcICQoLDA0O\"")]
    [InlineData("\"salt\":\"AAECAwQFBgcICQoLDA0ODw\"", "\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\"")]
    [InlineData("\"hash\":\"eCnALfKhYbXL-dGZkylPdusL41F_Pred24ykiehS7ao\"", "\"hash\":\"eCnALfKhYbXL+dGZkylPdusL41F/Pred24ykiehS7ao\"")]
    [InlineData("\"notAfter\":1780264800", "\"notAfter\":1777914000")]
    [InlineData("\"id\":\"p\"", "\"id\":\"p q\"")]
    public void Decode_InvalidCredentialOrSchedule_IsMalformed(string from, string to)
    {
        Assert.False(LockMessageCodec.TryDecode<LockCommand>(Sync.Replace(from, to, StringComparison.Ordinal), out _, out var error));
        Assert.Equal(ProtocolErrorCode.Malformed, error.Code);
    }

    [Theory]
    [InlineData("00:00", 0)]
    [InlineData("23:59", 1439)]
    [InlineData("24:00", 1440)]
    public void ClockTime_Parse_ValidTimes(string text, int minute)
    {
        Assert.Equal(minute, ClockTime.Parse(text).MinuteOfDay);
        Assert.Equal(text, ClockTime.Parse(text).ToString());
    }

    [Theory]
    [InlineData("24:01")]
    [InlineData("7:00")]
    [InlineData("07:5")]
    [InlineData("07-00")]
    [InlineData("25:00")]
    public void ClockTime_Parse_InvalidTimes_Throw(string text) => Assert.Throws<FormatException>(() => ClockTime.Parse(text));
}
