namespace GuestAccess.LockProtocol.Topics;

/// <summary>The subscriptions a server instance makes to hear every lock.</summary>
public static class ServerSubscriptions
{
    /// <summary>
    /// Events, shared among the server instances of <paramref name="shareGroup"/> when one is given
    /// (MQTT 5 <c>$share/{group}/…</c>: each batch goes to one instance, which stores it), plus the
    /// replies and the status of every lock, which are never shared: a reply must reach the
    /// instance that drives the lock (any of them), a shared subscription receives no retained
    /// status (MQTT 5.0 §4.8.2), and every instance wants the whole fleet's state for a takeover.
    /// </summary>
    public static IReadOnlyList<TopicSubscription> Create(string? shareGroup = null)
    {
        string Filter(LockTopic topic) =>
            shareGroup is null ? topic.AllLocksFilter : topic.SharedFilter(shareGroup);

        return
        [
            new TopicSubscription(LockTopics.Replies.AllLocksFilter, LockTopics.Replies.QualityOfService),
            new TopicSubscription(Filter(LockTopics.Events), LockTopics.Events.QualityOfService),
            new TopicSubscription(LockTopics.Status.AllLocksFilter, LockTopics.Status.QualityOfService),
        ];
    }
}
