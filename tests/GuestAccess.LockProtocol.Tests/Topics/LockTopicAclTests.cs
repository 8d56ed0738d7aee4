using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Topics;

public sealed class LockTopicAclTests
{
    private static readonly LockId Me = Fixtures.Lock;
    private static readonly LockId Other = Fixtures.OtherLock;

    [Fact]
    public void MayPublish_OwnRepliesEventsStatus_WithTheirRetainFlag_IsAllowed()
    {
        Assert.True(LockTopicAcl.MayPublish(Me, LockTopics.Replies.For(Me), retain: false));
        Assert.True(LockTopicAcl.MayPublish(Me, LockTopics.Events.For(Me), retain: false));
        Assert.True(LockTopicAcl.MayPublish(Me, LockTopics.Status.For(Me), retain: true));
    }

    [Fact]
    public void MayPublish_AnythingElse_IsDenied()
    {
        Assert.False(LockTopicAcl.MayPublish(Me, LockTopics.Commands.For(Me), retain: false));
        Assert.False(LockTopicAcl.MayPublish(Me, LockTopics.Events.For(Other), retain: false));
        Assert.False(LockTopicAcl.MayPublish(Me, LockTopics.Status.For(Other), retain: true));
        Assert.False(LockTopicAcl.MayPublish(Me, LockTopics.Events.For(Me), retain: true));
        Assert.False(LockTopicAcl.MayPublish(Me, LockTopics.Status.For(Me), retain: false));
        Assert.False(LockTopicAcl.MayPublish(Me, "guestaccess/v1/locks/+/events", retain: false));
        Assert.False(LockTopicAcl.MayPublish(Me, "$SYS/broker/clients", retain: false));
    }

    [Fact]
    public void MaySubscribe_OnlyOwnCommandsLiterally()
    {
        Assert.True(LockTopicAcl.MaySubscribe(Me, LockTopics.Commands.For(Me)));
        Assert.False(LockTopicAcl.MaySubscribe(Me, LockTopics.Commands.For(Other)));
        Assert.False(LockTopicAcl.MaySubscribe(Me, LockTopics.Commands.AllLocksFilter));
        Assert.False(LockTopicAcl.MaySubscribe(Me, "guestaccess/v1/locks/dokk1-room-3/#"));
        Assert.False(LockTopicAcl.MaySubscribe(Me, "#"));
        Assert.False(LockTopicAcl.MaySubscribe(Me, LockTopics.Events.For(Me)));
        Assert.False(LockTopicAcl.MaySubscribe(Me, "$share/x/" + LockTopics.Commands.For(Me)));
    }

    [Fact]
    public void MayUseWill_OnlyRetainedOwnStatus()
    {
        Assert.True(LockTopicAcl.MayUseWill(Me, LockTopics.Status.For(Me), retain: true));
        Assert.False(LockTopicAcl.MayUseWill(Me, LockTopics.Status.For(Me), retain: false));
        Assert.False(LockTopicAcl.MayUseWill(Me, LockTopics.Status.For(Other), retain: true));
        Assert.False(LockTopicAcl.MayUseWill(Me, LockTopics.Events.For(Me), retain: false));
    }

    [Fact]
    public void ServerMayPublish_CommandsNeverRetained()
    {
        Assert.True(LockTopicAcl.ServerMayPublish(LockTopics.Commands.For(Other), retain: false));
        Assert.False(LockTopicAcl.ServerMayPublish(LockTopics.Commands.For(Other), retain: true));
        Assert.False(LockTopicAcl.ServerMayPublish(LockTopics.Status.For(Other), retain: true));
        Assert.False(LockTopicAcl.ServerMayPublish(LockTopics.Commands.AllLocksFilter, retain: false));
    }
}
