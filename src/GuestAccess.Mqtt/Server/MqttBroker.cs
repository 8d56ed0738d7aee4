using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using GuestAccess.Mqtt.Channel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.Server;

/// <summary>
/// Embedded single-node MQTT 3.1.1/5.0 broker. Use it standalone (<see cref="StartAsync"/> /
/// <see cref="DisposeAsync"/>) or as a hosted service (<see cref="MqttBrokerServiceCollectionExtensions.AddMqttBroker"/>).
/// Sessions and retained messages are kept in memory and do not survive a restart.
/// </summary>
public sealed partial class MqttBroker : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly IMqttAuthenticator? _authenticator;
    private readonly IMqttAuthorizer? _authorizer;
    private readonly ConcurrentDictionary<MqttBrokerConnection, Task> _connections = new();
    private readonly ConcurrentDictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _sessionsLock = new();
    private readonly MqttSubscriptionTree _subscriptions = new();
    private readonly MqttRetainedMessages _retained;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private volatile bool _listenerClosed;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _sweeper = Task.CompletedTask;
    private int _clientCount;
    private int _started;

    public MqttBroker(
        IOptions<MqttBrokerOptions> options,
        ILoggerFactory? loggerFactory = null,
        IMqttAuthenticator? authenticator = null,
        IMqttAuthorizer? authorizer = null,
        IMeterFactory? meterFactory = null)
    {
        Options = options.Value;
        var validation = new MqttBrokerOptionsValidator().Validate(null, Options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(MqttBrokerOptions), typeof(MqttBrokerOptions), validation.Failures);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<MqttBroker>();
        _connectionLogger = loggerFactory.CreateLogger("GuestAccess.Mqtt.Server.MqttBrokerConnection");
        _authenticator = authenticator;
        _authorizer = authorizer;
        _retained = new MqttRetainedMessages(Options.MaxRetainedMessages);
        Metrics = new MqttBrokerMetrics(meterFactory);
    }

    public MqttBrokerOptions Options { get; }

    /// <summary>The bound TCP port once started (the real one when <see cref="MqttBrokerOptions.Port"/> is 0).</summary>
    public int Port => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Clients that completed CONNECT and are connected now.</summary>
    public int ClientCount => Volatile.Read(ref _clientCount);

    public int SessionCount => _sessions.Count;

    public int RetainedMessageCount => _retained.Count;

    /// <summary>Subscriptions in the topic tree (all sessions, shared members included).</summary>
    public int SubscriptionCount => _subscriptions.Count;

    internal MqttBrokerMetrics Metrics { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The broker is already started.");
        }

        if (Options.EnableTcpListener)
        {
            var address = IPAddress.Parse(Options.BindAddress);
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(address, Options.Port));
            listener.Listen(4096);
            _listener = listener;
            _acceptLoop = AcceptLoopAsync(listener);
            MqttBrokerLog.Listening(_logger, listener.LocalEndPoint);
        }

        _sweeper = SweepLoopAsync();
        return Task.CompletedTask;
    }

    /// <summary>Graceful shutdown: stops accepting, sends 5.0 clients DISCONNECT 0x8B (server shutting down), closes every connection.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _listenerClosed = true;
        _listener?.Dispose();
        var count = _connections.Count;
        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync(MqttReasonCode.ServerShuttingDown).AsTask())).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_connections.Values.Append(_acceptLoop).Append(_sweeper)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Connections that do not close in time are abandoned; their sockets are closed already.
        }

        MqttBrokerLog.Stopped(_logger, count);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        Metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// A connection to this broker without TCP: hand the returned channel to an <c>MqttClient</c>
    /// (<c>MqttClientOptions.ChannelFactory</c>). The broker side runs exactly like a TCP connection.
    /// </summary>
    public IMqttChannel ConnectInMemory()
    {
        var (client, server) = MqttInMemoryChannel.CreatePair();
        StartConnection(server);
        return client;
    }

    /// <summary>Publishes a message into the broker in-process (no TCP, no authorization: the host is trusted).</summary>
    public void Publish(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MqttTopic.IsValidTopicName(message.Topic))
        {
            throw new ArgumentException("Invalid topic name.", nameof(message));
        }

        Route(MqttBrokerMessage.FromApplicationMessage(message, Environment.TickCount64));
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException) when (_listenerClosed)
            {
                return; // The listener was closed by StopAsync (reported as "operation canceled").
            }
            catch (SocketException ex)
            {
                MqttBrokerLog.AcceptFailed(_logger, ex);
                continue;
            }

            socket.NoDelay = true;
            _ = AcceptSocketAsync(socket);
        }
    }

    private async Task AcceptSocketAsync(Socket socket)
    {
        MqttTcpChannel channel;
        if (Options.TlsCertificate is null)
        {
            channel = new MqttTcpChannel(socket, new NetworkStream(socket, ownsSocket: false), Options.ReceiveBufferSize);
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(Options.ConnectTimeout);
                channel = await MqttTcpChannel.AcceptTlsAsync(socket, Options.TlsCertificate, Options.RequireClientCertificate, Options.ReceiveBufferSize, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
            {
                MqttBrokerLog.TlsHandshakeFailed(_logger, SafeRemote(socket), ex.Message);
                socket.Dispose();
                return;
            }
        }

        StartConnection(channel);
    }

    private void StartConnection(IMqttChannel channel)
    {
        var connection = new MqttBrokerConnection(this, channel, _connectionLogger);
        var run = new TaskCompletionSource();
        _connections[connection] = run.Task;
        _ = RunConnectionAsync(connection, run);
    }

    private async Task RunConnectionAsync(MqttBrokerConnection connection, TaskCompletionSource done)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            done.TrySetResult();
        }
    }

    private static EndPoint? SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
