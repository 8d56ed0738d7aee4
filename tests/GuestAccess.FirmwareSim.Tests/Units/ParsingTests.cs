using GuestAccess.FirmwareSim.Cli;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.FirmwareSim.Support;

namespace GuestAccess.FirmwareSim.Tests.Units;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("90 sec", 90_000)]
    [InlineData("+90s", 90_000)]
    [InlineData("-2m", -120_000)]
    [InlineData("10 min", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1500)]
    [InlineData("30", 30_000)]
    public void Durations_AsPeopleWriteThem_AreRead(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10 parsecs")]
    [InlineData("1e9h")]
    public void Durations_Nonsense_IsRefused(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Fact]
    public void FaultSpecs_FromTheCommandLine_BuildAProfile()
    {
        var specs = new[] { "drop-out=0.1", "dup-in=25%", "delay-in=100ms..2s", "disconnect-every=30s", "dokk1-sal:restart-every=5m" }.Select(FaultSpec.Parse).ToList();

        var profile = specs.Aggregate(FaultProfile.None, (p, s) => s.ApplyTo(p));

        Assert.Equal(0.1, profile.DropOutgoing);
        Assert.Equal(0.25, profile.DuplicateIncoming);
        Assert.Equal(new DelayRange(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)), profile.DelayIncoming);
        Assert.Equal(TimeSpan.FromSeconds(30), profile.DisconnectEvery);
        Assert.Equal(TimeSpan.FromMinutes(5), profile.RestartEvery);
        Assert.Equal("dokk1-sal", specs[^1].LockId);
    }

    [Theory]
    [InlineData("drop-out")]
    [InlineData("drop-out=1.5")]
    [InlineData("drop-out=-1%")]
    [InlineData("delay-in=2s..1s")]
    [InlineData("melt=1")]
    public void FaultSpecs_Broken_AreRefused(string text)
    {
        Assert.Throws<FormatException>(() => FaultSpec.Parse(text));
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1883", "127.0.0.1", 1883, false)]
    [InlineData("mqtt://broker.example", "broker.example", 1883, false)]
    [InlineData("mqtts://broker.example", "broker.example", 8883, true)]
    [InlineData("mqtts://broker.example:9883/", "broker.example", 9883, true)]
    public void BrokerUrl_MqttOrMqtts_IsRead(string url, string host, int port, bool tls)
    {
        Assert.Equal(new BrokerEndpoint(host, port, tls), BrokerEndpoint.Parse(url));
    }

    [Theory]
    [InlineData("http://broker.example")]
    [InlineData("mqtt://user:secret@broker.example")]
    [InlineData("mqtt://broker.example/path")]
    [InlineData("broker.example:1883")]
    public void BrokerUrl_WithCredentialsOrOtherSchemes_IsRefused(string url)
    {
        var error = Assert.Throws<FormatException>(() => BrokerEndpoint.Parse(url));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkewSetting_WithAndWithoutLock_IsRead()
    {
        Assert.Equal(new SkewSetting(null, TimeSpan.FromSeconds(30)), SkewSetting.Parse("30s"));
        Assert.Equal(new SkewSetting("dokk1-sal", TimeSpan.FromSeconds(-90)), SkewSetting.Parse("dokk1-sal:-90s"));
    }
}
