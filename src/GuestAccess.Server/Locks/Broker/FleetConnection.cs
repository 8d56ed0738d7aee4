using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Locks.Inbound;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Broker;

/// <summary>
/// The server's own MQTT 5 client: to the embedded broker over loopback TCP with the internal
/// secret, or to an external broker with TLS and the configured credentials. Persistent session;
/// subscribes to every lock's replies and events through a shared subscription (so several
/// server instances split them) and to every status without sharing (each instance needs the
/// whole fleet's state). Start-up waits for the embedded broker; an external one that is down
/// is retried in the background.
/// </summary>
internal sealed class FleetConnection(
    IOptions<FleetMqttOptions> options,
    IOptions<StorageOptions> storage,
    BrokerCredentialCache credentials,
    FleetInbound inbound,
    FleetChannels channels,
    IServiceProvider services,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<FleetConnection>();
    private readonly CancellationTokenSource _stopping = new();
    private MqttClient? _client;
    private Task _background = Task.CompletedTask;

    public bool IsConnected => _client?.IsConnected == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var client = new MqttClient(BuildOptions(), loggers.CreateLogger<MqttClient>())
        {
            MessageReceivedAsync = inbound.HandleAsync,
            ConnectedAsync = OnConnectedAsync,
            DisconnectedAsync = OnDisconnectedAsync,
        };
        _client = client;
        if (options.Value.Mode == MqttMode.Embedded)
        {
            await ConnectAndSubscribeAsync(client, cancellationToken);
            return;
        }

        _background = ConnectWithRetryAsync(client, _stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _background.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_client is { } client)
        {
            await client.DisconnectAsync(cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            await client.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>Publishes a command (QoS 1, never retained) with its W3C trace context as MQTT 5 user properties; true when the broker acknowledged it.</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, string? traceParent, string? traceState, CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return false;
        }

        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = payload,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            Retain = false,
            ContentType = "application/jose",
            UserProperties = TraceProperties(traceParent, traceState),
        };
        try
        {
            var result = await client.PublishAsync(message, cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MqttClientNotConnectedException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static List<MqttUserProperty>? TraceProperties(string? traceParent, string? traceState)
    {
        if (traceParent is null)
        {
            return null;
        }

        List<MqttUserProperty> properties = [new(LockFleetTelemetry.TraceParentProperty, traceParent)];
        if (!string.IsNullOrEmpty(traceState))
        {
            properties.Add(new(LockFleetTelemetry.TraceStateProperty, traceState));
        }

        return properties;
    }

    private async Task ConnectAndSubscribeAsync(MqttClient client, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(cancellationToken);
        var filters = ServerSubscriptions.Create(options.Value.ShareGroup)
            .Select(s => new MqttTopicFilter(s.Filter, (MqttQualityOfService)s.QualityOfService))
            .ToList();
        var result = await client.SubscribeAsync(filters, cancellationToken: cancellationToken);
        if (!result.AllGranted)
        {
            throw new InvalidOperationException($"The broker refused the lock fleet's subscriptions ({string.Join(", ", result.ReasonCodes)}); check the ACL of user '{options.Value.Username}'.");
        }
    }

    private async Task ConnectWithRetryAsync(MqttClient client, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await ConnectAndSubscribeAsync(client, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LockFleetLog.BrokerConnectFailed(_logger, options.Value.Host, options.Value.Port, attempt, e.Message);
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(cancellationToken: CancellationToken.None);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private ValueTask OnConnectedAsync(MqttConnectResult result)
    {
        LockFleetLog.BrokerConnected(_logger, result.ClientId, result.SessionPresent);
        channels.Signal(new FleetInput.BrokerConnection(true, result.SessionPresent));
        return ValueTask.CompletedTask;
    }

    private ValueTask OnDisconnectedAsync(MqttDisconnectInfo info)
    {
        if (!_stopping.IsCancellationRequested)
        {
            LockFleetLog.BrokerDisconnected(_logger, info.ServerReasonCode?.ToString() ?? info.Exception?.Message ?? "closed");
        }

        channels.Signal(new FleetInput.BrokerConnection(false));
        return ValueTask.CompletedTask;
    }

    private MqttClientOptions BuildOptions()
    {
        var o = options.Value;
        var (host, port, tls, password) = o.Mode switch
        {
            MqttMode.Embedded => EmbeddedEndpoint(),
            MqttMode.External => (o.Host, o.Port, o.UseTls ? Tls(o) : null, ExternalPassword(o)),
        };
        return new MqttClientOptions
        {
            Host = host,
            Port = port,
            Tls = tls,
            ClientId = o.EffectiveClientId,
            Username = o.Username,
            Password = password is null ? null : Encoding.UTF8.GetBytes(password),
            ProtocolVersion = MqttProtocolVersion.V500,
            CleanStart = false,
            SessionExpiryInterval = (uint)o.SessionExpiry.TotalSeconds,
            KeepAlive = TimeSpan.FromSeconds(30),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(10),
            MaxInflight = 1000,
            ReceiveMaximum = 1000,
            MaxPendingDeliveries = 10_000,
        };
    }

    private (string Host, int Port, MqttTlsClientOptions? Tls, string? Password) EmbeddedEndpoint()
    {
        var broker = services.GetRequiredService<MqttBroker>();
        var endpoint = broker.LocalEndPoint ?? throw new InvalidOperationException("The embedded MQTT broker is not listening (Mqtt:Broker:EnableTcpListener).");
        var address = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endpoint.Address;
        return (address.ToString(), endpoint.Port, null, credentials.ServerSecret);
    }

    private string? ExternalPassword(FleetMqttOptions o)
    {
        if (o.Password is { Length: > 0 } password)
        {
            return password;
        }

        var file = o.PasswordFile ?? Path.Combine(storage.Value.FullDataDirectory, ServerPasswordFile.DefaultName);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private static MqttTlsClientOptions Tls(FleetMqttOptions o)
    {
        if (o.CaCertificateFile is null)
        {
            return new MqttTlsClientOptions { TargetHost = o.Host };
        }

        // The CA file holds a certificate only (CreateFromPemFile would look for a private key in it).
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(o.CaCertificateFile));
        return new MqttTlsClientOptions
        {
            TargetHost = o.Host,
            ServerCertificateValidation = (_, certificate, _, errors) => ValidateAgainst(ca, certificate, errors),
        };
    }

    /// <summary>Accepts a chain ending in the configured CA (and a matching host name), nothing else.</summary>
    private static bool ValidateAgainst(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
