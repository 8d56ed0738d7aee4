using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Topics;

public sealed class LockTopicsTests
{
    [Fact]
    public void Topics_ForLock_FollowTheVersionedTemplate()
    {
        Assert.Equal("guestaccess/v1/locks/dokk1-room-3/commands", LockTopics.Commands.For(Fixtures.Lock));
        Assert.Equal("guestaccess/v1/locks/dokk1-room-3/replies", LockTopics.Replies.For(Fixtures.Lock));
        Assert.Equal("guestaccess/v1/locks/dokk1-room-3/events", LockTopics.Events.For(Fixtures.Lock));
        Assert.Equal("guestaccess/v1/locks/dokk1-room-3/status", LockTopics.Status.For(Fixtures.Lock));
        Assert.Equal("guestaccess/v1/locks/{lockId}/status", LockTopics.Status.Template);
    }

    [Fact]
    public void DeliveryRules_OnlyStatusIsRetained_AllQos1()
    {
        Assert.All(LockTopics.All, t => Assert.Equal(1, t.QualityOfService));
        Assert.Equal([LockTopics.Status], LockTopics.All.Where(t => t.Retained));
        Assert.Equal([LockTopics.Commands], LockTopics.All.Where(t => t.Direction == TopicDirection.ServerToLock));
    }

    [Fact]
    public void Filters_AllLocksAndShared_HaveMqttForm()
    {
        Assert.Equal("guestaccess/v1/locks/+/events", LockTopics.Events.AllLocksFilter);
        Assert.Equal("$share/ga-server/guestaccess/v1/locks/+/events", LockTopics.Events.SharedFilter("ga-server"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("#")]
    public void SharedFilter_InvalidGroup_Throws(string group) =>
        Assert.Throws<ArgumentException>(() => LockTopics.Events.SharedFilter(group));

    [Fact]
    public void ServerSubscriptions_WithGroup_ShareEventsButNotRepliesOrStatus()
    {
        var filters = ServerSubscriptions.Create("ga").Select(s => s.Filter).ToList();
        Assert.Equal(
            ["guestaccess/v1/locks/+/replies", "$share/ga/guestaccess/v1/locks/+/events", "guestaccess/v1/locks/+/status"],
            filters);
        Assert.Equal(
            ["guestaccess/v1/locks/+/replies", "guestaccess/v1/locks/+/events", "guestaccess/v1/locks/+/status"],
            ServerSubscriptions.Create().Select(s => s.Filter));
    }

    [Fact]
    public void TryParse_EveryTopicOfALock_RoundTrips()
    {
        foreach (var topic in LockTopics.All)
        {
            Assert.True(LockTopics.TryParse(topic.For(Fixtures.Lock), out var lockId, out var kind));
            Assert.Equal(Fixtures.Lock, lockId);
            Assert.Same(topic, kind);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("guestaccess/v1/locks/")]
    [InlineData("guestaccess/v1/locks/dokk1-room-3")]
    [InlineData("guestaccess/v1/locks/dokk1-room-3/")]
    [InlineData("guestaccess/v1/locks/dokk1-room-3/open")]
    [InlineData("guestaccess/v1/locks/+/events")]
    [InlineData("guestaccess/v1/locks/#")]
    [InlineData("guestaccess/v1/locks/Dokk1/events")]
    [InlineData("guestaccess/v1/locks/dokk1-room-3/events/extra")]
    [InlineData("guestaccess/v2/locks/dokk1-room-3/events")]
    [InlineData("/guestaccess/v1/locks/dokk1-room-3/events")]
    public void TryParse_NotALockTopic_Fails(string? topic)
    {
        Assert.False(LockTopics.TryParse(topic, out var lockId, out var kind));
        Assert.Null(kind);
        Assert.Equal(default, lockId);
    }
}
