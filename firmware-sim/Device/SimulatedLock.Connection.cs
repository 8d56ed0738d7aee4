using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>Boot, connection, network faults, power cycle and publishing (docs section 3, startup sequence).</summary>
public sealed partial class SimulatedLock
{
    private readonly Lock _connection = new();
    private MqttClient? _client;
    private SeverableChannel? _channel;
    private CancellationTokenSource _incarnation = new();
    private Task _connecting = Task.CompletedTask;
    private bool _connectLoopRunning;
    private CancellationTokenSource? _offlineTimer;
    private bool _offline;
    private bool _stopped;
    private volatile bool _ready;
    private DateTimeOffset _lastStatusAt;

    /// <summary>Loads the state from disk, records a <c>rebooted</c> event and starts connecting.</summary>
    internal async Task BootAsync(CancellationToken cancellationToken)
    {
        var (credentials, journal, existed) = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Volatile.Write(ref _credentials, credentials);
            Volatile.Write(ref _journal, journal);
            _bootedAt = Stopwatch.GetTimestamp();
            _doorReleasedUntil = null;
            await CommitAsync(Append(journal, [NewEvent(EventKind.Rebooted, Clock.Now)])).ConfigureAwait(false);
            SimLog.Booted(_logger, Id.Value, existed, credentials.AppliedVersion, journal.Events.Count + 1);
        }
        finally
        {
            _gate.Release();
        }

        lock (_connection)
        {
            _stopped = false;
        }

        EnsureConnecting();
    }

    /// <summary>Cuts the network (the broker publishes the will) and stays off until <see cref="GoOnlineAsync"/> or <paramref name="duration"/> ends.</summary>
    public Task GoOfflineAsync(TimeSpan? duration = null)
    {
        CancellationTokenSource? timer = null;
        lock (_connection)
        {
            _offline = true;
            _offlineTimer?.Cancel();
            _offlineTimer?.Dispose();
            _offlineTimer = null;
            if (duration is { } span)
            {
                timer = _offlineTimer = new CancellationTokenSource();
            }
        }

        SimLog.WentOffline(_logger, Id.Value, duration?.TotalSeconds);
        SeverConnection();
        NotifyChanged();
        if (timer is not null)
        {
            _ = ComeBackAfterAsync(duration!.Value, timer.Token);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends an offline period: the lock reconnects at once.</summary>
    public Task GoOnlineAsync()
    {
        lock (_connection)
        {
            _offline = false;
            _offlineTimer?.Cancel();
            _offlineTimer?.Dispose();
            _offlineTimer = null;
        }

        NotifyChanged();
        EnsureConnecting();
        return Task.CompletedTask;
    }

    /// <summary>A network blip: the connection is cut and the lock reconnects by itself.</summary>
    public Task DisconnectAsync()
    {
        SimLog.Disconnected(_logger, Id.Value);
        SeverConnection();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A power cut and restart: the connection dies without a goodbye, everything in memory is
    /// dropped, and the controller boots again from what it had written to disk.
    /// </summary>
    public async Task PowerCycleAsync(CancellationToken cancellationToken = default)
    {
        MqttClient? old;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            lock (_connection)
            {
                old = _client;
                _client = null;
                _ready = false;
                _incarnation.Cancel();
                _incarnation.Dispose();
                _incarnation = new CancellationTokenSource();
                _channel?.Sever();
            }
        }
        finally
        {
            _gate.Release();
        }

        SimLog.PowerCycled(_logger, Id.Value);
        if (old is not null)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }

        await _connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await BootAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A deliberate shutdown: publishes the offline status itself, then disconnects cleanly (docs section 3).</summary>
    public async Task StopAsync()
    {
        MqttClient? client;
        lock (_connection)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            client = _client;
            _client = null;
            _incarnation.Cancel();
            _offlineTimer?.Cancel();
        }

        if (client is not null)
        {
            if (_ready)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await TryPublishAsync(client, _statusTopic, LockMessageCodec.Encode(LockStatus.Offline(Id)), retain: true, timeout.Token, faults: false).ConfigureAwait(false);
            }

            _ready = false;
            await client.DisposeAsync().ConfigureAwait(false);
        }

        await _connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Let an operation that holds the gate finish its write; after this nothing writes any more.
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
        NotifyChanged();
    }

    /// <summary>Inside the gate: a stopped lock (powered off for good) changes nothing any more.</summary>
    private void ThrowIfStopped()
    {
        lock (_connection)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
        }
    }

    private async Task ComeBackAfterAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(duration, _runtime.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            await GoOnlineAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Brought online (or offline again) earlier.
        }
    }

    private void SeverConnection()
    {
        SeverableChannel? channel;
        lock (_connection)
        {
            channel = _channel;
            _ready = false;
        }

        channel?.Sever();
        NotifyChanged();
    }

    private MqttClient CreateClient()
    {
        var options = _runtime.Options;
        var client = new MqttClient(
            new MqttClientOptions
            {
                ClientId = Id.Value,
                Username = Provisioning.Username,
                Password = Encoding.UTF8.GetBytes(Provisioning.Password),
                ProtocolVersion = options.ProtocolVersion,
                CleanStart = false,
                SessionExpiryInterval = (uint)options.SessionExpiry.TotalSeconds,
                KeepAlive = options.KeepAlive,
                AutoReconnect = false,
                MaxPacketSize = (1024 * 1024) + 4096,
                Will = new MqttApplicationMessage
                {
                    Topic = _statusTopic,
                    Payload = LockMessageCodec.Encode(LockStatus.Offline(Id)),
                    QualityOfService = MqttQualityOfService.AtLeastOnce,
                    Retain = true,
                },
                ChannelFactory = OpenChannelAsync,
            },
            _runtime.LoggerFactory.CreateLogger<MqttClient>());
        client.MessageReceivedAsync = (message, token) => OnMessageAsync(client, message, token);
        client.DisconnectedAsync = info => OnDisconnectedAsync(client, info);
        return client;
    }

    private async ValueTask<IMqttChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var broker = _runtime.Broker;
        var tcp = await MqttTcpChannel.ConnectAsync(broker.Host, broker.Port, broker.CreateTlsOptions(), cancellationToken).ConfigureAwait(false);
        var channel = new SeverableChannel(tcp);
        lock (_connection)
        {
            _channel = channel;
        }

        return channel;
    }

    private void EnsureConnecting()
    {
        lock (_connection)
        {
            if (_offline || _stopped || _connectLoopRunning || _client is { IsConnected: true })
            {
                return;
            }

            _connectLoopRunning = true;
            _connecting = ConnectLoopAsync(_incarnation.Token);
        }
    }

    /// <summary>
    /// Connects until a connection is up and announced (or the lock is taken offline, stopped or
    /// power-cycled), with back-off. Every attempt uses a new client, so an attempt never races
    /// the clean-up of a lost connection; the broker keeps the session by client id.
    /// </summary>
    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var attempt = 0; ; attempt++)
        {
            var client = CreateClient();
            MqttClient? previous;
            lock (_connection)
            {
                if (_offline || _stopped || cancellationToken.IsCancellationRequested)
                {
                    _connectLoopRunning = false;
                    return;
                }

                previous = _client;
                _client = client;
            }

            if (previous is not null)
            {
                await previous.DisposeAsync().ConfigureAwait(false);
            }

            var connected = await TryConnectAsync(client, attempt, cancellationToken).ConfigureAwait(false);
            lock (_connection)
            {
                // Done once this client is connected; if it dropped already, its DisconnectedAsync
                // found the loop running, so the loop itself goes round again.
                if ((connected && client.IsConnected) || !ReferenceEquals(_client, client))
                {
                    _connectLoopRunning = false;
                    return;
                }
            }

            if (!connected)
            {
                try
                {
                    await Task.Delay(BackOff(attempt), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (_connection)
                    {
                        _connectLoopRunning = false;
                    }

                    return;
                }
            }
        }
    }

    private async Task<bool> TryConnectAsync(MqttClient client, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await _runtime.ConnectSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _runtime.ConnectSlots.Release();
            }

            await AnnounceAsync(client, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SimLog.ConnectFailed(_logger, Id.Value, attempt + 1, ex.GetType().Name, ex.Message);
            if (client.IsConnected)
            {
                await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            return false;
        }
    }

    /// <summary>After CONNACK: subscribe to the commands, publish the online status, replay unconfirmed events.</summary>
    private async Task AnnounceAsync(MqttClient client, CancellationToken cancellationToken)
    {
        var subscribed = await client.SubscribeAsync(_commandsTopic, MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        if (!subscribed.AllGranted)
        {
            throw new InvalidOperationException($"The broker refused the subscription to the commands topic ({subscribed.ReasonCodes[0]}).");
        }

        Interlocked.Exchange(ref _publishedUpTo, 0);
        _ready = true;
        NotifyChanged();
        SimLog.Connected(_logger, Id.Value, _runtime.Broker.ToString());
        await PublishStatusAsync(client, cancellationToken).ConfigureAwait(false);
        KickEventPump();
    }

    private ValueTask OnDisconnectedAsync(MqttClient client, MqttDisconnectInfo info)
    {
        if (!ReferenceEquals(CurrentClient(), client))
        {
            return ValueTask.CompletedTask;
        }

        _ready = false;
        NotifyChanged();
        SimLog.ConnectionLost(_logger, Id.Value, info.ServerReasonCode?.ToString() ?? info.Exception?.GetType().Name ?? "closed");
        EnsureConnecting();
        return ValueTask.CompletedTask;
    }

    private TimeSpan BackOff(int attempt)
    {
        var options = _runtime.Options;
        var step = options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(step, options.ReconnectMaxDelay.TotalMilliseconds);
        var half = Math.Max(1, (int)(capped / 2));
        return TimeSpan.FromMilliseconds(half + RandomNumberGenerator.GetInt32(half + 1));
    }

    /// <summary>The status of docs section 10, from the current state.</summary>
    private LockStatus OnlineStatus()
    {
        var credentials = Volatile.Read(ref _credentials);
        var journal = Volatile.Read(ref _journal);
        return new LockStatus
        {
            Lock = Id,
            State = LockState.Online,
            Firmware = _runtime.Options.Firmware,
            Protocols = LockProtocol.ProtocolVersion.Supported,
            AppliedVersion = credentials.AppliedVersion,
            Lockdown = credentials.Lockdown,
            Clock = Clock.Now,
            LastEventSeq = journal.LastSequence,
            PendingEvents = journal.Events.Count,
            BatteryPercent = _battery,
            UptimeSeconds = (long)Stopwatch.GetElapsedTime(_bootedAt).TotalSeconds,
        };
    }

    /// <summary>When the last online status went out (the fleet republishes it every <c>StatusInterval</c>).</summary>
    internal DateTimeOffset LastStatusAt => _lastStatusAt;

    private async Task PublishStatusAsync(MqttClient client, CancellationToken cancellationToken)
    {
        _lastStatusAt = _runtime.Options.TimeProvider.GetUtcNow();
        await TryPublishAsync(client, _statusTopic, LockMessageCodec.Encode(OnlineStatus()), retain: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes a fresh retained status now, if connected.</summary>
    public async Task PublishStatusAsync(CancellationToken cancellationToken = default)
    {
        if (CurrentClient() is { } client && _ready)
        {
            await PublishStatusAsync(client, cancellationToken).ConfigureAwait(false);
        }
    }

    private MqttClient? CurrentClient()
    {
        lock (_connection)
        {
            return _client;
        }
    }

    /// <summary>QoS 1 publish through the outgoing faults. False when it did not reach the broker (not connected, refused).</summary>
    private async Task<bool> TryPublishAsync(MqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken, bool faults = true, IReadOnlyList<MqttUserProperty>? userProperties = null)
    {
        var profile = faults ? Faults : FaultProfile.None;
        try
        {
            var delay = profile.DelayOutgoing.Pick(_runtime.Dice);
            if (delay > TimeSpan.Zero)
            {
                CountFault("delay-out", topic);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            if (_runtime.Dice.Chance(profile.DropOutgoing))
            {
                CountFault("drop-out", topic);
                return true;
            }

            var copies = 1;
            if (_runtime.Dice.Chance(profile.DuplicateOutgoing))
            {
                CountFault("dup-out", topic);
                copies = 2;
            }

            for (var i = 0; i < copies; i++)
            {
                var message = new MqttApplicationMessage { Topic = topic, Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = retain, UserProperties = userProperties };
                var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    SimLog.PublishRefused(_logger, Id.Value, topic, result.ReasonCode.ToString());
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is MqttClientNotConnectedException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
