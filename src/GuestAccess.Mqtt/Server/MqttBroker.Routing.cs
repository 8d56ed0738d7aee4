using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Server;

/// <summary>PUBLISH routing, SUBSCRIBE/UNSUBSCRIBE and retained messages.</summary>
public sealed partial class MqttBroker
{
    [ThreadStatic]
    private static List<MqttSubscription>? t_matches;

    /// <summary>Authorizes and routes a client's PUBLISH; returns the reason code for its acknowledgement.</summary>
    internal MqttReasonCode PublishFromClient(MqttBrokerConnection connection, PublishPacket packet, string topic)
    {
        Metrics.MessageReceived();
        if (_authorizer is not null && !_authorizer.CanPublish(connection.Client!, topic, packet.Retain))
        {
            MqttBrokerLog.PublishDenied(_connectionLogger, connection.Client!.ClientId, topic);
            return MqttReasonCode.NotAuthorized;
        }

        Route(MqttBrokerMessage.FromPublish(packet, topic, connection.Session, Environment.TickCount64));
        return MqttReasonCode.Success;
    }

    private void Route(MqttBrokerMessage message)
    {
        if (message.Retain && !_retained.Set(message))
        {
            MqttBrokerLog.RetainedStoreFull(_logger, Options.MaxRetainedMessages, message.Topic);
        }

        var matches = t_matches ??= new List<MqttSubscription>(8);
        try
        {
            _subscriptions.Match(message.Topic, matches);
            foreach (var subscription in matches)
            {
                if (subscription.NoLocal && ReferenceEquals(subscription.Session, message.Sender))
                {
                    continue;
                }

                subscription.Session.Deliver(message, subscription, subscription.RetainAsPublished && message.Retain);
            }
        }
        finally
        {
            matches.Clear();
        }
    }

    internal void Subscribe(MqttBrokerConnection connection, SubscribePacket packet)
    {
        var session = connection.Session!;
        var client = connection.Client!;
        var v5 = connection.IsV5;
        var subscriptionId = packet.Properties?.SubscriptionIdentifiers?[0] ?? 0;
        var codes = new MqttReasonCode[packet.Filters.Count];
        List<(MqttSubscription Subscription, List<MqttBrokerMessage> Messages)>? retained = null;
        for (var i = 0; i < codes.Length; i++)
        {
            var request = packet.Filters[i];
            if (!MqttTopic.IsValidTopicFilter(request.Filter))
            {
                codes[i] = v5 ? MqttReasonCode.TopicFilterInvalid : MqttReasonCode.UnspecifiedError;
                continue;
            }

            var shared = MqttTopic.TryParseShared(request.Filter, out var group, out var topicFilter);
            if (!shared)
            {
                topicFilter = request.Filter;
            }

            if (_authorizer is not null && !_authorizer.CanSubscribe(client, topicFilter))
            {
                MqttBrokerLog.SubscribeDenied(_connectionLogger, client.ClientId, request.Filter);
                codes[i] = v5 ? MqttReasonCode.NotAuthorized : MqttReasonCode.UnspecifiedError;
                continue;
            }

            // QoS 2 subscriptions are granted QoS 1: the broker delivers at most QoS 1 (see docs/mqtt.md).
            var granted = request.QualityOfService > MqttQualityOfService.AtLeastOnce ? MqttQualityOfService.AtLeastOnce : request.QualityOfService;
            var subscription = new MqttSubscription(session, request.Filter, topicFilter, shared ? group : null, granted, request, subscriptionId);
            var previous = session.SetSubscription(subscription);
            if (previous is not null)
            {
                _subscriptions.Remove(previous);
            }

            _subscriptions.Add(subscription);
            codes[i] = (MqttReasonCode)granted;
            var sendRetained = !shared && (request.RetainHandling == MqttRetainHandling.SendAtSubscribe
                || (request.RetainHandling == MqttRetainHandling.SendAtSubscribeIfNew && previous is null));
            if (sendRetained)
            {
                var messages = new List<MqttBrokerMessage>();
                _retained.Match(topicFilter, messages);
                if (messages.Count > 0)
                {
                    (retained ??= []).Add((subscription, messages));
                }
            }
        }

        connection.Enqueue(new SubAckPacket { PacketId = packet.PacketId, ReasonCodes = codes });
        if (retained is null)
        {
            return;
        }

        foreach (var (subscription, messages) in retained)
        {
            foreach (var message in messages)
            {
                session.Deliver(message, subscription, retain: true);
            }
        }
    }

    internal void Unsubscribe(MqttBrokerConnection connection, UnsubscribePacket packet)
    {
        var session = connection.Session!;
        var codes = new MqttReasonCode[packet.Filters.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            if (session.RemoveSubscription(packet.Filters[i]) is { } removed)
            {
                _subscriptions.Remove(removed);
                codes[i] = MqttReasonCode.Success;
            }
            else
            {
                codes[i] = MqttReasonCode.NoSubscriptionExisted;
            }
        }

        connection.Enqueue(new UnsubAckPacket { PacketId = packet.PacketId, ReasonCodes = codes });
    }
}
