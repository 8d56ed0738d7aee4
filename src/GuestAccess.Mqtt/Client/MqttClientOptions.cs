using GuestAccess.Mqtt.Channel;

namespace GuestAccess.Mqtt.Client;

public sealed class MqttClientOptions
{
    public string Host { get; init; } = "localhost";

    public int Port { get; init; } = 1883;

    /// <summary>TLS; null = plain TCP.</summary>
    public MqttTlsClientOptions? Tls { get; init; }

    /// <summary>Opens the transport instead of TCP (e.g. <c>broker.ConnectInMemory</c>); Host, Port and Tls are then unused.</summary>
    public Func<CancellationToken, ValueTask<IMqttChannel>>? ChannelFactory { get; init; }

    /// <summary>Empty lets a 5.0 server assign one (3.1.1 then requires <see cref="CleanStart"/>).</summary>
    public string ClientId { get; init; } = "";

    public string? Username { get; init; }

    public byte[]? Password { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>False resumes the session (3.1.1 clean session 0). In 5.0 also set <see cref="SessionExpiryInterval"/>.</summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>5.0: seconds the server keeps the session after a disconnect (0 = ends with the connection).</summary>
    public uint SessionExpiryInterval { get; init; }

    /// <summary>Keep-alive; PINGREQ is sent when nothing else was sent for 3/4 of it. Zero disables it.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    public MqttApplicationMessage? Will { get; init; }

    /// <summary>5.0: seconds the server waits before publishing the will.</summary>
    public uint WillDelayInterval { get; init; }

    /// <summary>Reconnect after a lost connection (not after <c>DisconnectAsync</c> or a first failed connect).</summary>
    public bool AutoReconnect { get; init; } = true;

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>QoS 1 publishes awaiting PUBACK; further PublishAsync calls wait (back-pressure). The server's Receive Maximum can lower the window on the wire.</summary>
    public int MaxInflight { get; init; } = 100;

    /// <summary>Packets in the send queue before QoS 0 publishes wait (back-pressure).</summary>
    public int MaxPendingPackets { get; init; } = 1000;

    /// <summary>5.0 Receive Maximum sent to the server: QoS 1 messages it may have unacknowledged towards us.</summary>
    public ushort ReceiveMaximum { get; init; } = 100;

    /// <summary>Largest packet accepted from the server (advertised in 5.0).</summary>
    public int MaxPacketSize { get; init; } = 1024 * 1024;

    /// <summary>Received messages waiting for the handler; QoS 0 messages beyond this are dropped.</summary>
    public int MaxPendingDeliveries { get; init; } = 1000;

    public IReadOnlyList<MqttUserProperty>? ConnectUserProperties { get; init; }

    /// <summary>Pooled TCP receive buffer (held while the connection is idle).</summary>
    public int ReceiveBufferSize { get; init; } = 4096;

    internal void Validate()
    {
        if (ChannelFactory is null && (string.IsNullOrWhiteSpace(Host) || Port is < 1 or > 65535))
        {
            throw new ArgumentException("Host and Port (1..65535) are required without a ChannelFactory.");
        }

        if (ProtocolVersion == MqttProtocolVersion.V311 && ClientId.Length == 0 && !CleanStart)
        {
            throw new ArgumentException("MQTT 3.1.1 needs a client id for a persistent session.");
        }

        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            throw new ArgumentException("KeepAlive must be 0..65535 seconds.");
        }

        if (MaxInflight < 1 || ReceiveBufferSize < 256 || MaxPendingPackets < 1 || ReceiveMaximum < 1 || MaxPendingDeliveries < 1 || MaxPacketSize < 64)
        {
            throw new ArgumentException("Limits must be positive.");
        }

        if (Will is { } will && (!MqttTopic.IsValidTopicName(will.Topic) || will.QualityOfService > MqttQualityOfService.AtLeastOnce))
        {
            throw new ArgumentException("The will needs a valid topic name and QoS 0 or 1.");
        }
    }
}
