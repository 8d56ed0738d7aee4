namespace GuestAccess.LockProtocol.Topics;

/// <summary>
/// The broker-side access rules for lock controllers, authenticated with their lock id as user
/// name. A lock touches only its own topics: it subscribes to its commands and publishes its
/// replies, events and status (the status retained, the others not). No wildcards, nothing else.
/// </summary>
public static class LockTopicAcl
{
    /// <summary>May <paramref name="lockId"/> publish to <paramref name="topic"/> with this retain flag?</summary>
    public static bool MayPublish(LockId lockId, string topic, bool retain) =>
        LockTopics.TryParse(topic, out var owner, out var kind)
        && owner == lockId
        && kind.Direction == TopicDirection.LockToServer
        && retain == kind.Retained;

    /// <summary>May <paramref name="lockId"/> subscribe to <paramref name="topicFilter"/>? Only its own commands topic, literally.</summary>
    public static bool MaySubscribe(LockId lockId, string topicFilter) =>
        string.Equals(topicFilter, LockTopics.Commands.For(lockId), StringComparison.Ordinal);

    /// <summary>May <paramref name="lockId"/> register this last will? Only a retained will on its own status topic.</summary>
    public static bool MayUseWill(LockId lockId, string topic, bool retain) =>
        LockTopics.TryParse(topic, out var owner, out var kind)
        && owner == lockId
        && ReferenceEquals(kind, LockTopics.Status)
        && retain;

    /// <summary>May the server publish to <paramref name="topic"/>? Commands of any lock, never retained.</summary>
    public static bool ServerMayPublish(string topic, bool retain) =>
        !retain
        && LockTopics.TryParse(topic, out _, out var kind)
        && kind.Direction == TopicDirection.ServerToLock;
}
