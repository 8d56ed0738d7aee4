using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Server;

/// <summary>
/// Server-side session state of one client id: subscriptions, QoS 1 messages in flight (resent
/// with DUP after a reconnect), a bounded queue for when the client is offline or its window is
/// full, and QoS 2 packet ids awaiting PUBREL. Survives disconnects until it expires.
/// </summary>
internal sealed class MqttSession(string clientId, MqttBrokerOptions options, MqttBrokerMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ushort, LinkedListNode<Outgoing>> _inflight = [];
    private readonly LinkedList<Outgoing> _inflightOrder = new();
    private readonly Queue<Outgoing> _queue = new();
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private HashSet<ushort>? _awaitingRelease;
    private MqttBrokerConnection? _connection;
    private int _window = 1;
    private ushort _lastPacketId;
    private CancellationTokenSource? _pendingWill;

    public string ClientId { get; } = clientId;

    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    public MqttBrokerConnection? Connection => Volatile.Read(ref _connection);

    public uint ExpiryInterval { get; set; }

    /// <summary>Environment.TickCount64 after which an offline session is removed.</summary>
    public long ExpiresAt { get; set; } = long.MaxValue;

    /// <summary>QoS 1/2 messages queued at most; more are dropped (set at every connect, from the authenticator or the options).</summary>
    public int MaxQueued { get; set; } = options.MaxQueuedMessages;

    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Deliver(MqttBrokerMessage message, MqttSubscription subscription, bool retain)
    {
        var qos = message.QualityOfService < subscription.GrantedQos ? message.QualityOfService : subscription.GrantedQos;
        var item = new Outgoing(message, qos, retain, subscription.SubscriptionIdentifier);
        MqttBrokerConnection? flush;
        lock (_lock)
        {
            flush = _connection;
            var connection = _connection;
            if (qos == MqttQualityOfService.AtMostOnce)
            {
                if (connection is not null && connection.PendingPackets < options.MaxPendingOutgoingPackets)
                {
                    Send(connection, item, dup: false);
                }
                else
                {
                    metrics.MessageDropped();
                }
            }
            else if (connection is not null && _inflight.Count < _window && _queue.Count == 0)
            {
                SendNew(connection, item);
            }
            else if (_queue.Count < MaxQueued)
            {
                _queue.Enqueue(item);
            }
            else
            {
                metrics.MessageDropped();
            }
        }

        // Written outside the session lock: the write may hit the socket inline.
        flush?.Flush();
    }

    /// <summary>Connects the session to a connection: resends what was in flight (DUP), then drains the queue.</summary>
    public void Attach(MqttBrokerConnection connection, int window)
    {
        lock (_lock)
        {
            _connection = connection;
            _window = Math.Max(1, window);
            ExpiresAt = long.MaxValue;
            foreach (var item in _inflightOrder)
            {
                Send(connection, item, dup: true);
            }

            Pump(connection);
        }
    }

    /// <summary>Detaches if <paramref name="connection"/> is the current one; true when it was.</summary>
    public bool Detach(MqttBrokerConnection connection)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_connection, connection))
            {
                return false;
            }

            _connection = null;
            return true;
        }
    }

    public bool Acknowledge(ushort packetId)
    {
        lock (_lock)
        {
            if (!_inflight.Remove(packetId, out var node))
            {
                return false;
            }

            _inflightOrder.Remove(node);
            if (_connection is { } connection)
            {
                Pump(connection);
            }
        }

        // Called from the client's read loop: the next messages go out when that loop waits for input.
        return true;
    }

    /// <summary>Records an incoming QoS 2 packet id; false when it is a duplicate (already delivered).</summary>
    public bool BeginExactlyOnce(ushort packetId, int limit)
    {
        lock (_lock)
        {
            _awaitingRelease ??= [];
            if (_awaitingRelease.Contains(packetId))
            {
                return false;
            }

            if (_awaitingRelease.Count >= limit)
            {
                throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, "Too many QoS 2 messages awaiting PUBREL.");
            }

            _awaitingRelease.Add(packetId);
            return true;
        }
    }

    public bool ReleaseExactlyOnce(ushort packetId)
    {
        lock (_lock)
        {
            return _awaitingRelease?.Remove(packetId) == true;
        }
    }

    /// <summary>Adds or replaces the subscription with the same filter text; returns the replaced one.</summary>
    public MqttSubscription? SetSubscription(MqttSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription.FilterText, out var previous);
            _subscriptions[subscription.FilterText] = subscription;
            return previous;
        }
    }

    public MqttSubscription? RemoveSubscription(string filterText)
    {
        lock (_lock)
        {
            return _subscriptions.Remove(filterText, out var previous) ? previous : null;
        }
    }

    /// <summary>Ends the session for good: returns its subscriptions so the broker can remove them from the tree.</summary>
    public List<MqttSubscription> Clear()
    {
        lock (_lock)
        {
            var subscriptions = _subscriptions.Values.ToList();
            _subscriptions.Clear();
            _inflight.Clear();
            _inflightOrder.Clear();
            _queue.Clear();
            _awaitingRelease = null;
            _connection = null;
            return subscriptions;
        }
    }

    public void SetPendingWill(CancellationTokenSource? pending)
    {
        var previous = Interlocked.Exchange(ref _pendingWill, pending);
        previous?.Cancel();
    }

    /// <summary>Called when the message could not be sent because it exceeds the client's maximum packet size: treated as delivered (5.0 3.1.2.25).</summary>
    public void OnOversize(PublishPacket packet)
    {
        metrics.MessageDropped();
        if (packet.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            Acknowledge(packet.PacketId);
        }
    }

    private void Pump(MqttBrokerConnection connection)
    {
        while (_inflight.Count < _window && _queue.TryDequeue(out var item))
        {
            SendNew(connection, item);
        }
    }

    private void SendNew(MqttBrokerConnection connection, Outgoing item)
    {
        if (item.Message.IsExpired(Environment.TickCount64))
        {
            return;
        }

        item.PacketId = NextPacketId();
        var node = _inflightOrder.AddLast(item);
        _inflight[item.PacketId] = node;
        Send(connection, item, dup: false);
    }

    private void Send(MqttBrokerConnection connection, Outgoing item, bool dup)
    {
        var packet = item.Message.ToPublish(item.Qos, item.Retain, item.PacketId, dup, item.SubscriptionId, Environment.TickCount64);
        if (packet is null)
        {
            if (item.PacketId != 0 && _inflight.Remove(item.PacketId, out var node))
            {
                _inflightOrder.Remove(node);
            }

            return;
        }

        connection.Enqueue(packet);
        metrics.MessageSent();
    }

    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
        }
        while (_inflight.ContainsKey(_lastPacketId));
        return _lastPacketId;
    }

    private sealed class Outgoing(MqttBrokerMessage message, MqttQualityOfService qos, bool retain, uint subscriptionId)
    {
        public MqttBrokerMessage Message { get; } = message;

        public MqttQualityOfService Qos { get; } = qos;

        public bool Retain { get; } = retain;

        public uint SubscriptionId { get; } = subscriptionId;

        public ushort PacketId { get; set; }
    }
}
