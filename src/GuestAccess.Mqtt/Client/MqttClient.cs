using System.Security.Cryptography;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Mqtt.Client;

/// <summary>
/// MQTT 3.1.1/5.0 client. No thread of its own: per connection it runs one read loop, one writer
/// loop, one delivery loop and a keep-alive timer, all asynchronous, so thousands of clients can
/// share one process. Received messages go to <see cref="MessageReceivedAsync"/>; a QoS 1 message
/// is acknowledged only after the handler completes.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<ushort, LinkedListNode<InflightPublish>> _inflight = [];
    private readonly LinkedList<InflightPublish> _inflightOrder = new();
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _requests = [];
    private readonly Dictionary<string, (MqttTopicFilter Filter, uint SubscriptionId)> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _inflightSlots;
    private readonly CancellationTokenSource _lifetime = new();
    private MqttClientConnection? _current;
    private Task _reconnect = Task.CompletedTask;
    private ushort _lastPacketId;
    private bool _stopped = true;
    private int _disposed;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _inflightSlots = new SemaphoreSlim(options.MaxInflight, options.MaxInflight);
        ClientId = options.ClientId;
    }

    /// <summary>
    /// Called for every received message, one at a time in arrival order. For QoS 1 the PUBACK is
    /// sent only when the returned task completes successfully; if it throws, the message is not
    /// acknowledged and the connection is reset so that the server redelivers it (persistent
    /// session) — a handler that crashes does not lose the message.
    /// </summary>
    public Func<MqttReceivedMessage, CancellationToken, ValueTask>? MessageReceivedAsync { get; set; }

    public Func<MqttConnectResult, ValueTask>? ConnectedAsync { get; set; }

    public Func<MqttDisconnectInfo, ValueTask>? DisconnectedAsync { get; set; }

    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <summary>The client id in use (the server-assigned one when the options left it empty).</summary>
    public string ClientId { get; private set; }

    public MqttProtocolVersion ProtocolVersion => _options.ProtocolVersion;

    /// <summary>Connects once; throws <see cref="MqttConnectException"/> when refused. After a success, lost connections are re-established automatically (if enabled).</summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (IsConnected)
        {
            throw new InvalidOperationException("The client is already connected.");
        }

        await _reconnect.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopped = false;
        try
        {
            return await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _stopped = true;
            throw;
        }
    }

    /// <summary>Sends DISCONNECT and closes. QoS 1 publishes still awaiting PUBACK fail with <see cref="MqttClientNotConnectedException"/>.</summary>
    public async Task DisconnectAsync(MqttReasonCode reasonCode = MqttReasonCode.NormalDisconnection, CancellationToken cancellationToken = default)
    {
        _stopped = true;
        var connection = Volatile.Read(ref _current);
        if (connection is not null)
        {
            var packet = _options.ProtocolVersion == MqttProtocolVersion.V500 ? new DisconnectPacket { ReasonCode = reasonCode } : DisconnectPacket.Normal;
            await connection.Packets.CloseAsync(packet, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            await connection.ReadLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _reconnect.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        FailInflight();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DisconnectAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();
        _inflightSlots.Dispose();
    }

    private async Task<MqttConnectResult> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var channel = _options.ChannelFactory is { } factory
            ? await factory(timeout.Token).ConfigureAwait(false)
            : await MqttTcpChannel.ConnectAsync(_options.Host, _options.Port, _options.Tls, timeout.Token, _options.ReceiveBufferSize).ConfigureAwait(false);
        var packets = new MqttPacketConnection(channel, _options.MaxPacketSize)
        {
            Formatter = MqttPacketFormatter.For(_options.ProtocolVersion),
        };
        try
        {
            packets.TrySend(BuildConnect());
            var answer = await packets.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            if (answer is null)
            {
                throw timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                    ? new TimeoutException("No CONNACK within the connect timeout.")
                    : new MqttClientNotConnectedException("The server closed the connection before CONNACK.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (answer is not ConnAckPacket ack)
            {
                throw MqttProtocolException.Protocol("The server's first packet is not CONNACK.");
            }

            if (ack.ReasonCode != MqttReasonCode.Success)
            {
                throw new MqttConnectException(ack.ReasonCode);
            }

            return Start(packets, ack);
        }
        catch
        {
            await packets.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private MqttConnectResult Start(MqttPacketConnection packets, ConnAckPacket ack)
    {
        var server = ack.Properties;
        if (server?.AssignedClientIdentifier is { } assigned)
        {
            ClientId = assigned;
        }

        if (server?.MaximumPacketSize is { } max)
        {
            packets.MaxOutgoingPacketSize = (int)Math.Min(max, int.MaxValue);
        }

        var keepAlive = server?.ServerKeepAlive is { } serverKeepAlive ? serverKeepAlive : (int)_options.KeepAlive.TotalSeconds;
        var connection = new MqttClientConnection(packets, _options.MaxPendingDeliveries)
        {
            Window = server?.ReceiveMaximum ?? ushort.MaxValue,
            KeepAliveMilliseconds = keepAlive * 1000L,
        };
        lock (_lock)
        {
            foreach (var item in _inflightOrder)
            {
                item.SentOn = null;
            }

            _current = connection;
        }

        connection.ReadLoop = RunConnectionAsync(connection);
        if (!ack.SessionPresent)
        {
            Resubscribe(connection);
        }

        Pump(connection);
        var result = new MqttConnectResult(ack.ReasonCode, ack.SessionPresent, ClientId, server);
        MqttClientLog.Connected(_logger, ClientId, ack.SessionPresent);
        if (ConnectedAsync is { } connected)
        {
            _ = InvokeCallbackAsync(connected, result);
        }

        return result;
    }

    private ConnectPacket BuildConnect()
    {
        var v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        MqttWill? will = null;
        if (_options.Will is { } message)
        {
            var willProperties = v5 ? MqttMessageProperties.From(message) : null;
            if (v5 && _options.WillDelayInterval > 0)
            {
                willProperties ??= new MqttProperties();
                willProperties.WillDelayInterval = _options.WillDelayInterval;
            }

            will = new MqttWill { Topic = message.Topic, Payload = message.Payload, QualityOfService = message.QualityOfService, Retain = message.Retain, Properties = willProperties };
        }

        return new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = _options.ClientId.Length > 0 ? _options.ClientId : ClientId,
            CleanStart = _options.CleanStart,
            KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
            Username = _options.Username,
            Password = _options.Password,
            Will = will,
            Properties = v5 ? new MqttProperties
            {
                SessionExpiryInterval = _options.SessionExpiryInterval > 0 ? _options.SessionExpiryInterval : null,
                ReceiveMaximum = _options.ReceiveMaximum,
                MaximumPacketSize = (uint)_options.MaxPacketSize,
                UserProperties = _options.ConnectUserProperties is { Count: > 0 } users ? [.. users] : null,
            }
            : null,
        };
    }

    private async Task ReconnectLoopAsync()
    {
        for (var attempt = 0; !_stopped && !_lifetime.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(BackOff(attempt), _lifetime.Token).ConfigureAwait(false);
                if (_stopped)
                {
                    return;
                }

                await ConnectOnceAsync(_lifetime.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                MqttClientLog.ReconnectFailed(_logger, ClientId, attempt + 1, ex.Message);
            }
        }
    }

    /// <summary>Exponential back-off with "equal jitter": half the step fixed, half random.</summary>
    internal TimeSpan BackOff(int attempt)
    {
        var step = _options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        var capped = Math.Min(step, _options.ReconnectMaxDelay.TotalMilliseconds);
        var half = (int)Math.Max(1, capped / 2);
        return TimeSpan.FromMilliseconds(half + RandomNumberGenerator.GetInt32(half + 1));
    }

    private async Task InvokeCallbackAsync<T>(Func<T, ValueTask> callback, T argument)
    {
        try
        {
            await callback(argument).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MqttClientLog.CallbackFailed(_logger, ex, ClientId);
        }
    }
}
