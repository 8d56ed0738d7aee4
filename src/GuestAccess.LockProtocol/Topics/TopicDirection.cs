namespace GuestAccess.LockProtocol.Topics;

/// <summary>Who publishes on a lock topic.</summary>
public enum TopicDirection
{
    ServerToLock,
    LockToServer,
}
