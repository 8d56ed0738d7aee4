using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Server;

/// <summary>One subscription of a session, as stored in the topic tree.</summary>
internal sealed class MqttSubscription(
    MqttSession session,
    string filterText,
    string topicFilter,
    string? shareGroup,
    MqttQualityOfService grantedQos,
    MqttTopicFilter options,
    uint subscriptionIdentifier)
{
    public MqttSession Session { get; } = session;

    /// <summary>What the client sent, including a <c>$share/{group}/</c> prefix.</summary>
    public string FilterText { get; } = filterText;

    public string TopicFilter { get; } = topicFilter;

    public string? ShareGroup { get; } = shareGroup;

    public MqttQualityOfService GrantedQos { get; } = grantedQos;

    public bool NoLocal { get; } = options.NoLocal;

    public bool RetainAsPublished { get; } = options.RetainAsPublished;

    public uint SubscriptionIdentifier { get; } = subscriptionIdentifier;
}
