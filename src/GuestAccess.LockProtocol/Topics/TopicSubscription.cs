namespace GuestAccess.LockProtocol.Topics;

/// <summary>A topic filter and the QoS to subscribe with.</summary>
public sealed record TopicSubscription(string Filter, int QualityOfService);
