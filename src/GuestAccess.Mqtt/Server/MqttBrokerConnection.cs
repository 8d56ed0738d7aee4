using System.Net;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Mqtt.Server;

/// <summary>
/// One client connection on the broker: reads CONNECT, hands it to the broker, then handles
/// packets in one read loop. Everything it does per packet is non-blocking; outgoing packets go
/// through the connection's writer loop.
/// </summary>
internal sealed class MqttBrokerConnection
{
    private readonly MqttBroker _broker;
    private readonly MqttPacketConnection _connection;
    private readonly ILogger _logger;
    private string?[]? _topicAliases;
    private bool _graceful;

    public MqttBrokerConnection(MqttBroker broker, IMqttChannel channel, ILogger logger)
    {
        _broker = broker;
        _logger = logger;
        _connection = new MqttPacketConnection(channel, broker.Options.MaxPacketSize);
        _connection.OversizePacketDropped = packet =>
        {
            if (packet is PublishPacket publish)
            {
                Session?.OnOversize(publish);
            }
        };
        Created = Environment.TickCount64;
    }

    public long Created { get; }

    public EndPoint? RemoteEndPoint => _connection.Channel.RemoteEndPoint;

    /// <summary>The certificate a TLS client presented, if any.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate? ClientCertificate => (_connection.Channel as MqttTcpChannel)?.Tls?.RemoteCertificate;

    public MqttSession? Session { get; private set; }

    public MqttClientContext? Client { get; private set; }

    public MqttWill? Will { get; private set; }

    public ushort KeepAliveSeconds { get; private set; }

    public long LastReceived => _connection.LastReceived;

    public int PendingPackets => _connection.QueuedCount;

    public bool IsV5 => _connection.Formatter?.Version == MqttProtocolVersion.V500;

    public bool Graceful => _graceful;

    /// <summary>Queues and writes a packet (deliveries from other connections' read loops).</summary>
    public void Send(MqttPacket packet) => _connection.TrySend(packet);

    /// <summary>Queues a packet only; the session flushes after releasing its lock.</summary>
    public void Enqueue(MqttPacket packet) => _connection.Enqueue(packet);

    public void Flush() => _connection.Flush();

    /// <summary>An answer from this connection's own read loop: written when the loop runs out of input.</summary>
    private void Reply(MqttPacket packet) => _connection.Enqueue(packet);

    public void Bind(MqttSession session, MqttClientContext client, MqttWill? will, ushort keepAlive, uint? peerMaximumPacketSize)
    {
        Session = session;
        Client = client;
        Will = will;
        KeepAliveSeconds = keepAlive;
        if (peerMaximumPacketSize is { } max)
        {
            _connection.MaxOutgoingPacketSize = (int)Math.Min(max, int.MaxValue);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Reads take no token: shutdown and timeouts abort the transport, which ends a pending read
            // (and registering a token on every read costs measurable CPU per message).
            if (await _connection.ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is not ConnectPacket connect)
            {
                return;
            }

            _connection.Formatter = MqttPacketFormatter.For(connect.ProtocolVersion);
            if (!await _broker.AcceptAsync(this, connect, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            while (await _connection.ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is { } packet)
            {
                if (!Handle(packet))
                {
                    break;
                }
            }
        }
        catch (MqttProtocolException ex)
        {
            _broker.Metrics.ProtocolError();
            MqttBrokerLog.ProtocolViolation(_logger, Client?.ClientId, RemoteEndPoint, ex.ReasonCode, ex.Message);
            await CloseForViolationAsync(ex.ReasonCode).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Broker shutting down.
        }
        catch (Exception ex)
        {
            MqttBrokerLog.UnexpectedError(_logger, ex, Client?.ClientId);
            _connection.Abort();
        }
        finally
        {
            if (_connection.WriterFault is { } fault)
            {
                MqttBrokerLog.WriterFault(_logger, fault, Client?.ClientId);
            }

            _broker.OnConnectionClosed(this);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Refuses the CONNECT with a CONNACK carrying the reason, then closes.</summary>
    public ValueTask RefuseAsync(MqttReasonCode reasonCode) =>
        _connection.CloseAsync(new ConnAckPacket { ReasonCode = reasonCode }, TimeSpan.FromSeconds(1));

    /// <summary>Server-initiated close: 5.0 clients get a DISCONNECT with the reason, 3.1.1 clients a closed socket.</summary>
    public ValueTask CloseAsync(MqttReasonCode reasonCode) =>
        _connection.CloseAsync(IsV5 && Client is not null ? new DisconnectPacket { ReasonCode = reasonCode } : null, TimeSpan.FromSeconds(1));

    public void Abort() => _connection.Abort();

    private async ValueTask CloseForViolationAsync(MqttReasonCode reasonCode)
    {
        if (_connection.Formatter is null && reasonCode == MqttReasonCode.UnsupportedProtocolVersion)
        {
            // 3.1.1 3.2.2.3: answer an unknown protocol level with return code 0x01, in 3.1.1 format.
            _connection.Formatter = MqttPacketFormatter.V311;
            await RefuseAsync(reasonCode).ConfigureAwait(false);
        }
        else if (IsV5 && Client is null)
        {
            await RefuseAsync(reasonCode).ConfigureAwait(false);
        }
        else
        {
            await CloseAsync(reasonCode).ConfigureAwait(false);
        }
    }

    private bool Handle(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                HandlePublish(publish);
                return true;
            case PubAckPacket ack:
                Session!.Acknowledge(ack.PacketId);
                return true;
            case PubRelPacket release:
                var found = Session!.ReleaseExactlyOnce(release.PacketId);
                Reply(new PubCompPacket { PacketId = release.PacketId, ReasonCode = found ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
                return true;
            case SubscribePacket subscribe:
                _broker.Subscribe(this, subscribe);
                return true;
            case UnsubscribePacket unsubscribe:
                _broker.Unsubscribe(this, unsubscribe);
                return true;
            case PingReqPacket:
                Reply(PingRespPacket.Instance);
                return true;
            case DisconnectPacket disconnect:
                HandleDisconnect(disconnect);
                return false;
            default:
                throw MqttProtocolException.Protocol($"A client must not send {packet.Type}.");
        }
    }

    private void HandlePublish(PublishPacket packet)
    {
        var topic = packet.Topic;
        var options = _broker.Options;
        if (IsV5 && packet.Properties is { } properties)
        {
            if (properties.SubscriptionIdentifiers is not null)
            {
                throw MqttProtocolException.Protocol("A client must not send subscription identifiers in PUBLISH.");
            }

            if (properties.TopicAlias is { } alias)
            {
                topic = ResolveAlias(alias, topic, options.TopicAliasMaximum);
            }
        }

        if (packet.Retain && !options.RetainAvailable)
        {
            throw new MqttProtocolException(MqttReasonCode.RetainNotSupported, "Retain is not available.");
        }

        var firstDelivery = packet.QualityOfService != MqttQualityOfService.ExactlyOnce
            || Session!.BeginExactlyOnce(packet.PacketId, options.ReceiveMaximum);
        var reason = MqttReasonCode.Success;
        if (firstDelivery)
        {
            reason = _broker.PublishFromClient(this, packet, topic);
        }

        // 3.1.1 has no negative acknowledgement: a denied message is dropped and acknowledged (spec 3.1.1 3.3.5).
        if (!IsV5)
        {
            reason = MqttReasonCode.Success;
        }

        switch (packet.QualityOfService)
        {
            case MqttQualityOfService.AtLeastOnce:
                Reply(new PubAckPacket { PacketId = packet.PacketId, ReasonCode = reason });
                break;
            case MqttQualityOfService.ExactlyOnce:
                Reply(new PubRecPacket { PacketId = packet.PacketId, ReasonCode = reason });
                if (reason >= MqttReasonCode.UnspecifiedError)
                {
                    Session!.ReleaseExactlyOnce(packet.PacketId);
                }

                break;
            case MqttQualityOfService.AtMostOnce:
                break;
        }
    }

    private string ResolveAlias(ushort alias, string topic, ushort maximum)
    {
        if (alias > maximum)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "Topic alias above the maximum.");
        }

        _topicAliases ??= new string?[maximum + 1];
        if (topic.Length == 0)
        {
            return _topicAliases[alias] ?? throw MqttProtocolException.Protocol("Topic alias used before it was set.");
        }

        _topicAliases[alias] = topic;
        return topic;
    }

    private void HandleDisconnect(DisconnectPacket packet)
    {
        var session = Session!;
        if (IsV5 && packet.Properties?.SessionExpiryInterval is { } expiry)
        {
            if (session.ExpiryInterval == 0 && expiry != 0)
            {
                throw MqttProtocolException.Protocol("Session expiry set on DISCONNECT after it was 0 at CONNECT.");
            }

            session.ExpiryInterval = Math.Min(expiry, _broker.Options.MaxSessionExpiryInterval);
        }

        _graceful = !IsV5 || packet.ReasonCode != MqttReasonCode.DisconnectWithWillMessage;
    }
}
