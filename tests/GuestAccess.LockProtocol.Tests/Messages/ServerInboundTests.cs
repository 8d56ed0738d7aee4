using System.Text;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Messages;

public sealed class ServerInboundTests
{
    private static readonly byte[] Offline = LockMessageCodec.Encode(LockStatus.Offline(Fixtures.Lock));

    [Fact]
    public void TryDecode_StatusOnOwnStatusTopic_Succeeds()
    {
        Assert.True(ServerInbound.TryDecode(LockTopics.Status.For(Fixtures.Lock), Offline, out var message, out _));
        Assert.Equal(Fixtures.Lock, message.LockId);
        Assert.Same(LockTopics.Status, message.Topic);
        Assert.Equal(LockState.Offline, Assert.IsType<LockStatus>(message.Message).State);
    }

    [Fact]
    public void TryDecode_MessageNamingAnotherLock_IsLockMismatch()
    {
        Assert.False(ServerInbound.TryDecode(LockTopics.Status.For(Fixtures.OtherLock), Offline, out _, out var error));
        Assert.Equal(ProtocolErrorCode.LockMismatch, error.Code);
    }

    [Fact]
    public void TryDecode_StatusOnEventsTopic_IsUnexpectedType()
    {
        Assert.False(ServerInbound.TryDecode(LockTopics.Events.For(Fixtures.Lock), Offline, out _, out var error));
        Assert.Equal(ProtocolErrorCode.UnexpectedType, error.Code);
    }

    [Theory]
    [InlineData("guestaccess/v1/locks/dokk1-room-3/commands")]
    [InlineData("guestaccess/v1/locks/+/status")]
    [InlineData("somewhere/else")]
    public void TryDecode_NotALockToServerTopic_IsUnknownTopic(string topic)
    {
        Assert.False(ServerInbound.TryDecode(topic, Offline, out _, out var error));
        Assert.Equal(ProtocolErrorCode.UnknownTopic, error.Code);
    }

    [Fact]
    public void TryDecode_ReplyAndEventsOnTheirTopics_Succeed()
    {
        var ack = LockMessageCodec.Encode(new CommandAck { Lock = Fixtures.Lock, CommandId = "c", At = Fixtures.Now, AppliedVersion = 1 });
        var events = Encoding.UTF8.GetBytes("""{"v":1,"type":"event_batch","lock":"dokk1-room-3","events":[{"seq":1,"at":1777881600,"door":"d","kind":"rebooted"}]}""");

        Assert.True(ServerInbound.TryDecode(LockTopics.Replies.For(Fixtures.Lock), ack, out var reply, out _));
        Assert.IsType<CommandAck>(reply.Message);
        Assert.True(ServerInbound.TryDecode(LockTopics.Events.For(Fixtures.Lock), events, out var batch, out _));
        Assert.Single(Assert.IsType<EventBatch>(batch.Message).Events);
    }
}
