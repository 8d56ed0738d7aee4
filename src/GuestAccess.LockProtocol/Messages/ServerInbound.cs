using System.Diagnostics.CodeAnalysis;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>A message a lock published, with the lock and topic it came on.</summary>
public sealed record InboundLockMessage(LockId LockId, LockTopic Topic, LockMessage Message);

/// <summary>
/// Server side: reads whatever arrives on a lock → server topic. The topic decides which message
/// types are allowed (replies: <see cref="LockReply"/>, events: <see cref="EventBatch"/>, status:
/// <see cref="LockStatus"/>), and the message's <c>lock</c> must be the lock in the topic — the
/// broker authenticated the topic, not the payload.
/// </summary>
public static class ServerInbound
{
    public static bool TryDecode(
        string topic,
        ReadOnlySpan<byte> payload,
        [NotNullWhen(true)] out InboundLockMessage? message,
        [NotNullWhen(false)] out ProtocolError? error)
    {
        message = null;
        if (!LockTopics.TryParse(topic, out var lockId, out var kind) || kind.Direction != TopicDirection.LockToServer)
        {
            error = new ProtocolError(ProtocolErrorCode.UnknownTopic, "not a lock-to-server topic");
            return false;
        }

        LockMessage? decoded;
        var ok = kind == LockTopics.Replies ? Decode<LockReply>(payload, out decoded, out error)
            : kind == LockTopics.Events ? Decode<EventBatch>(payload, out decoded, out error)
            : Decode<LockStatus>(payload, out decoded, out error);
        if (!ok)
        {
            error ??= new ProtocolError(ProtocolErrorCode.Malformed, "unreadable message");
            return false;
        }

        var claimed = decoded switch
        {
            LockReply reply => reply.Lock,
            EventBatch batch => batch.Lock,
            LockStatus status => status.Lock,
            _ => default,
        };
        if (claimed != lockId)
        {
            error = new ProtocolError(ProtocolErrorCode.LockMismatch, "the message names another lock than its topic");
            return false;
        }

        message = new InboundLockMessage(lockId, kind, decoded!);
        return true;
    }

    private static bool Decode<T>(ReadOnlySpan<byte> payload, out LockMessage? message, [NotNullWhen(false)] out ProtocolError? error)
        where T : LockMessage
    {
        var ok = LockMessageCodec.TryDecode<T>(payload, out var typed, out error);
        message = typed;
        return ok;
    }
}
