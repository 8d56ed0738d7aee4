using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Client;

/// <summary>Publishing with in-flight tracking, subscriptions and packet identifiers.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// QoS 0: completes once queued (waits while the send queue is full). QoS 1: completes with the
    /// PUBACK; while disconnected (with auto-reconnect) the message waits and is sent after the
    /// reconnect, with DUP if it had been sent before. At most MaxInflight QoS 1 publishes are
    /// pending; more calls wait (back-pressure). QoS 2 is not supported (ArgumentException).
    /// </summary>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!MqttTopic.IsValidTopicName(message.Topic))
        {
            throw new ArgumentException("Invalid topic name (empty, wildcard or too long).", nameof(message));
        }

        if (message.QualityOfService > MqttQualityOfService.AtLeastOnce)
        {
            throw new ArgumentException("QoS 2 is not supported by this client; use QoS 0 or 1.", nameof(message));
        }

        var properties = _options.ProtocolVersion == MqttProtocolVersion.V500 ? MqttMessageProperties.From(message) : null;
        if (message.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            var connection = Volatile.Read(ref _current) ?? throw new MqttClientNotConnectedException();
            await connection.Packets.WaitForCapacityAsync(_options.MaxPendingPackets, cancellationToken).ConfigureAwait(false);
            if (!connection.Packets.TrySend(new PublishPacket { Topic = message.Topic, Payload = message.Payload, Retain = message.Retain, Properties = properties }))
            {
                throw new MqttClientNotConnectedException();
            }

            return MqttPublishResult.Sent;
        }

        if (_stopped)
        {
            throw new MqttClientNotConnectedException();
        }

        await _inflightSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var item = new InflightPublish(message, properties);
        MqttClientConnection? current;
        lock (_lock)
        {
            item.PacketId = NextPacketId();
            _inflight[item.PacketId] = _inflightOrder.AddLast(item);
            current = _current;
        }

        if (current is not null)
        {
            Pump(current);
        }

        try
        {
            return await item.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: forget the message (it may still have reached the server).
            if (Forget(item.PacketId, item))
            {
                _inflightSlots.Release();
            }

            throw;
        }
    }

    /// <summary>Subscribes; QoS is capped at 1. Successful filters are re-subscribed automatically after a reconnect without a session.</summary>
    public async Task<MqttSubscribeResult> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, uint subscriptionIdentifier = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0 || filters.Any(f => !MqttTopic.IsValidTopicFilter(f.Filter)))
        {
            throw new ArgumentException("At least one valid topic filter is required.", nameof(filters));
        }

        if (filters.Any(f => f.QualityOfService > MqttQualityOfService.AtLeastOnce))
        {
            throw new ArgumentException("QoS 2 is not supported by this client; subscribe with QoS 0 or 1.", nameof(filters));
        }

        var properties = subscriptionIdentifier > 0 && _options.ProtocolVersion == MqttProtocolVersion.V500
            ? new MqttProperties { SubscriptionIdentifiers = [subscriptionIdentifier] }
            : null;
        var answer = (SubAckPacket)await RequestAsync(id => new SubscribePacket { PacketId = id, Filters = filters, Properties = properties }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            for (var i = 0; i < filters.Count && i < answer.ReasonCodes.Count; i++)
            {
                if (answer.ReasonCodes[i] < MqttReasonCode.UnspecifiedError)
                {
                    _subscriptions[filters[i].Filter] = (filters[i], subscriptionIdentifier);
                }
            }
        }

        return new MqttSubscribeResult(answer.ReasonCodes);
    }

    public Task<MqttSubscribeResult> SubscribeAsync(string topicFilter, MqttQualityOfService qualityOfService = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttTopicFilter(topicFilter, qualityOfService)], 0, cancellationToken);

    public async Task<MqttUnsubscribeResult> UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is required.", nameof(filters));
        }

        lock (_lock)
        {
            foreach (var filter in filters)
            {
                _subscriptions.Remove(filter);
            }
        }

        var answer = (UnsubAckPacket)await RequestAsync(id => new UnsubscribePacket { PacketId = id, Filters = filters }, cancellationToken).ConfigureAwait(false);
        return new MqttUnsubscribeResult(answer.ReasonCodes);
    }

    private async Task<MqttPacket> RequestAsync(Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _current) ?? throw new MqttClientNotConnectedException();
        var completion = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (_lock)
        {
            id = NextPacketId();
            _requests[id] = completion;
        }

        try
        {
            if (!connection.Packets.TrySend(build(id)))
            {
                throw new MqttClientNotConnectedException();
            }

            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _requests.Remove(id);
            }
        }
    }

    /// <summary>
    /// Queues waiting QoS 1 publishes, oldest first, as far as the server's Receive Maximum allows,
    /// and writes them unless called from the read loop (which flushes when it waits for input).
    /// </summary>
    private void Pump(MqttClientConnection connection, bool flush = true)
    {
        PumpLocked(connection);
        if (flush)
        {
            connection.Packets.Flush();
        }
    }

    private void PumpLocked(MqttClientConnection connection)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_current, connection) || _inflight.Count <= connection.SentUnacknowledged)
            {
                return;
            }

            for (var node = _inflightOrder.First; node is not null && connection.SentUnacknowledged < connection.Window; node = node.Next)
            {
                var item = node.Value;
                if (item.SentOn is not null)
                {
                    continue;
                }

                item.SentOn = connection;
                connection.SentUnacknowledged++;
                connection.Packets.Enqueue(item.ToPacket());
                item.EverSent = true;
            }
        }
    }

    private void OnPubAck(MqttClientConnection connection, PubAckPacket ack)
    {
        InflightPublish? item;
        lock (_lock)
        {
            if (!_inflight.Remove(ack.PacketId, out var node))
            {
                return;
            }

            item = node.Value;
            _inflightOrder.Remove(node);
            if (ReferenceEquals(item.SentOn, connection))
            {
                connection.SentUnacknowledged--;
            }
        }

        _inflightSlots.Release();
        item.Completion.TrySetResult(new MqttPublishResult(ack.ReasonCode, ack.Properties?.ReasonString));
        Pump(connection, flush: false);
    }

    private void OnRequestAnswered(ushort packetId, MqttPacket answer)
    {
        TaskCompletionSource<MqttPacket>? completion;
        lock (_lock)
        {
            _requests.Remove(packetId, out completion);
        }

        completion?.TrySetResult(answer);
    }

    private void Resubscribe(MqttClientConnection connection)
    {
        List<IGrouping<uint, MqttTopicFilter>> groups;
        lock (_lock)
        {
            groups = _subscriptions.Values.GroupBy(s => s.SubscriptionId, s => s.Filter).ToList();
        }

        foreach (var group in groups)
        {
            _ = ResubscribeAsync(connection, [.. group], group.Key);
        }
    }

    private async Task ResubscribeAsync(MqttClientConnection connection, MqttTopicFilter[] filters, uint subscriptionId)
    {
        try
        {
            var result = await SubscribeAsync(filters, subscriptionId, connection.Closed.Token).ConfigureAwait(false);
            for (var i = 0; i < filters.Length && i < result.ReasonCodes.Count; i++)
            {
                if (result.ReasonCodes[i] >= MqttReasonCode.UnspecifiedError)
                {
                    MqttClientLog.ResubscribeFailed(_logger, ClientId, filters[i].Filter, result.ReasonCodes[i]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MqttClientNotConnectedException)
        {
            // The connection dropped again; the next reconnect resubscribes.
        }
    }

    private bool Forget(ushort packetId, InflightPublish item)
    {
        lock (_lock)
        {
            if (!_inflight.TryGetValue(packetId, out var node) || !ReferenceEquals(node.Value, item))
            {
                return false;
            }

            _inflight.Remove(packetId);
            _inflightOrder.Remove(node);
            if (item.SentOn is { } connection)
            {
                connection.SentUnacknowledged--;
            }

            return true;
        }
    }

    private void FailInflight()
    {
        List<InflightPublish> failed;
        lock (_lock)
        {
            failed = [.. _inflightOrder];
            _inflight.Clear();
            _inflightOrder.Clear();
        }

        foreach (var item in failed)
        {
            _inflightSlots.Release();
            item.Completion.TrySetException(new MqttClientNotConnectedException("Disconnected before the server acknowledged the message."));
        }
    }

    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
        }
        while (_inflight.ContainsKey(_lastPacketId) || _requests.ContainsKey(_lastPacketId));
        return _lastPacketId;
    }

    private sealed class InflightPublish(MqttApplicationMessage message, MqttProperties? properties)
    {
        public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ushort PacketId { get; set; }

        public MqttClientConnection? SentOn { get; set; }

        public bool EverSent { get; set; }

        public PublishPacket ToPacket() => new()
        {
            Topic = message.Topic,
            Payload = message.Payload,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            Retain = message.Retain,
            Dup = EverSent,
            PacketId = PacketId,
            Properties = properties,
        };
    }
}
