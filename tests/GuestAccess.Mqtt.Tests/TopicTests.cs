namespace GuestAccess.Mqtt.Tests;

/// <summary>Topic rules from spec 4.7 (examples taken from the spec text) and 4.8.2 (shared subscriptions).</summary>
public sealed class TopicTests
{
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/tranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("ACCOUNTS", "Accounts", false)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("guestaccess/v1/locks/+/events", "guestaccess/v1/locks/L-1/events", true)]
    public void Matches_SpecExamples_FollowRules(string filter, string topic, bool expected) =>
        Assert.Equal(expected, MqttTopic.Matches(filter, topic));

    [Theory]
    [InlineData("sport/tennis/#", true)]
    [InlineData("sport/tennis#", false)]
    [InlineData("sport/tennis/#/ranking", false)]
    [InlineData("#", true)]
    [InlineData("+", true)]
    [InlineData("+/tennis/#", true)]
    [InlineData("sport+", false)]
    [InlineData("sport/+/player1", true)]
    [InlineData("", false)]
    [InlineData("/", true)]
    [InlineData("$share/group/a/+", true)]
    [InlineData("$share/group/#", true)]
    [InlineData("$share//a", false)]
    [InlineData("$share/g+/a", false)]
    [InlineData("$share/group", false)]
    [InlineData("$share/group/", false)]
    [InlineData("$share/group/a#", false)]
    public void IsValidTopicFilter_Examples_FollowRules(string filter, bool expected) =>
        Assert.Equal(expected, MqttTopic.IsValidTopicFilter(filter));

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("/", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    [InlineData("$SYS/x", true)]
    public void IsValidTopicName_Examples_FollowRules(string topic, bool expected) =>
        Assert.Equal(expected, MqttTopic.IsValidTopicName(topic));

    [Fact]
    public void TryParseShared_ValidShare_SplitsGroupAndFilter()
    {
        Assert.True(MqttTopic.TryParseShared("$share/workers/guestaccess/v1/locks/+/events", out var group, out var filter));
        Assert.Equal("workers", group);
        Assert.Equal("guestaccess/v1/locks/+/events", filter);
    }
}
