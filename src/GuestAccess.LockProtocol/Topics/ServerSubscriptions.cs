namespace GuestAccess.LockProtocol.Topics;

/// <summary>The subscriptions a server instance makes to hear every lock.</summary>
public static class ServerSubscriptions
{
    /// <summary>
    /// Replies and events, shared among the server instances of <paramref name="shareGroup"/> when
    /// one is given (MQTT 5 <c>$share/{group}/…</c>: each message goes to one instance), plus the
    /// status topic of every lock, which is never shared: a shared subscription receives no
    /// retained messages (MQTT 5.0 §4.8.2), and every instance wants the whole fleet's state.
    /// </summary>
    public static IReadOnlyList<TopicSubscription> Create(string? shareGroup = null)
    {
        string Filter(LockTopic topic) =>
            shareGroup is null ? topic.AllLocksFilter : topic.SharedFilter(shareGroup);

        return
        [
            new TopicSubscription(Filter(LockTopics.Replies), LockTopics.Replies.QualityOfService),
            new TopicSubscription(Filter(LockTopics.Events), LockTopics.Events.QualityOfService),
            new TopicSubscription(LockTopics.Status.AllLocksFilter, LockTopics.Status.QualityOfService),
        ];
    }
}
