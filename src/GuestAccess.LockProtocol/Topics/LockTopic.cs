namespace GuestAccess.LockProtocol.Topics;

/// <summary>
/// One named topic template under <c>guestaccess/v1/locks/{lockId}/</c>, with its delivery rules.
/// Get the instances from <see cref="LockTopics"/>; never build topic strings by hand.
/// </summary>
public sealed class LockTopic
{
    internal LockTopic(string name, TopicDirection direction, bool retained)
    {
        Name = name;
        Direction = direction;
        Retained = retained;
    }

    /// <summary>The last topic level, e.g. <c>commands</c>.</summary>
    public string Name { get; }

    public TopicDirection Direction { get; }

    /// <summary>The MQTT QoS every message on this topic is published with (1 for all lock topics).</summary>
    public int QualityOfService => 1;

    /// <summary>Whether messages on this topic are published retained (only <c>status</c>).</summary>
    public bool Retained { get; }

    /// <summary>The template in documentation form: <c>guestaccess/v1/locks/{lockId}/commands</c>.</summary>
    public string Template => LockTopics.Root + "{lockId}/" + Name;

    /// <summary>The concrete topic of one lock.</summary>
    public string For(LockId lockId) => string.Concat(LockTopics.Root, lockId.Value, "/", Name);

    /// <summary>The filter matching this topic of every lock: <c>guestaccess/v1/locks/+/events</c>.</summary>
    public string AllLocksFilter => LockTopics.Root + "+/" + Name;

    /// <summary>
    /// The MQTT 5 shared-subscription form of <see cref="AllLocksFilter"/>:
    /// <c>$share/{group}/guestaccess/v1/locks/+/events</c>. Server instances in one group share the load.
    /// </summary>
    public string SharedFilter(string group)
    {
        if (!LockTopics.IsValidShareGroup(group))
        {
            throw new ArgumentException("A share group is 1-64 characters of a-z, A-Z, 0-9, '-' and '_'.", nameof(group));
        }

        return string.Concat("$share/", group, "/", AllLocksFilter);
    }

    public override string ToString() => Template;
}
