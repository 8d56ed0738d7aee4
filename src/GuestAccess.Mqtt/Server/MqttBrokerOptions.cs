using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.Server;

/// <summary>Configuration of the embedded broker. Defaults are safe: anonymous clients are refused.</summary>
public sealed class MqttBrokerOptions
{
    public const string SectionName = "Mqtt:Broker";

    /// <summary>TCP port; 0 lets the operating system choose (read it from <see cref="MqttBroker.Port"/>).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Address to listen on: "0.0.0.0" (IPv4), "::" (dual stack), "127.0.0.1", ...</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>False runs the broker without a TCP listener (in-process and in-memory clients only).</summary>
    public bool EnableTcpListener { get; set; } = true;

    /// <summary>When set, the listener speaks TLS with this certificate (with private key).</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    public bool RequireClientCertificate { get; set; }

    /// <summary>Connections without credentials are refused unless this is true.</summary>
    public bool AllowAnonymous { get; set; }

    public int MaxConnections { get; set; } = 100_000;

    /// <summary>Largest packet accepted (and advertised in 5.0 CONNACK), fixed header included.</summary>
    public int MaxPacketSize { get; set; } = 1024 * 1024;

    /// <summary>Unacknowledged QoS 1 messages in flight to one client (a 5.0 client's Receive Maximum can lower it).</summary>
    public ushort MaxInflightMessages { get; set; } = 100;

    /// <summary>QoS 1 messages queued per session while the client is offline or its window is full; more are dropped.</summary>
    public int MaxQueuedMessages { get; set; } = 1000;

    /// <summary>Packets waiting in one connection's send queue before QoS 0 messages to it are dropped.</summary>
    public int MaxPendingOutgoingPackets { get; set; } = 10_000;

    /// <summary>Receive Maximum advertised to 5.0 clients (QoS 1/2 publishes they may have unacknowledged).</summary>
    public ushort ReceiveMaximum { get; set; } = 1000;

    public ushort TopicAliasMaximum { get; set; } = 16;

    /// <summary>Upper bound for a 5.0 session expiry interval (seconds).</summary>
    public uint MaxSessionExpiryInterval { get; set; } = 7 * 24 * 3600;

    /// <summary>How long a 3.1.1 persistent session (clean session 0) lives after disconnect (seconds).</summary>
    public uint PersistentSessionExpiryInterval { get; set; } = 7 * 24 * 3600;

    /// <summary>Largest keep-alive accepted; a 5.0 client asking for more (or 0) gets this as Server Keep Alive. 0 = no limit.</summary>
    public ushort MaxKeepAliveSeconds { get; set; }

    /// <summary>Time a new connection has to send CONNECT (and finish TLS).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool RetainAvailable { get; set; } = true;

    public int MaxRetainedMessages { get; set; } = 100_000;

    public int MaxClientIdLength { get; set; } = 256;

    /// <summary>Pooled receive buffer per TCP connection (held while idle); larger reads fewer times under load.</summary>
    public int ReceiveBufferSize { get; set; } = 2048;
}

/// <summary>Cross-field checks that fail at start-up rather than at the first connection.</summary>
public sealed class MqttBrokerOptionsValidator : IValidateOptions<MqttBrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttBrokerOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add("Port must be 0..65535.");
        }

        if (!System.Net.IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add("BindAddress must be an IP address.");
        }

        if (options.MaxPacketSize < 64 || options.MaxPacketSize > Formatter.MqttFrameReader.MaxRemainingLength + 5)
        {
            errors.Add("MaxPacketSize must be 64..268435460.");
        }

        if (options.MaxInflightMessages == 0 || options.ReceiveMaximum == 0)
        {
            errors.Add("MaxInflightMessages and ReceiveMaximum must be at least 1.");
        }

        if (options.MaxConnections < 1 || options.MaxQueuedMessages < 0 || options.MaxPendingOutgoingPackets < 1 || options.MaxRetainedMessages < 0)
        {
            errors.Add("Limits must be positive.");
        }

        if (options.ReceiveBufferSize is < 256 or > 1024 * 1024)
        {
            errors.Add("ReceiveBufferSize must be 256..1048576.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("ConnectTimeout must be positive.");
        }

        if (options.RequireClientCertificate && options.TlsCertificate is null)
        {
            errors.Add("RequireClientCertificate needs a TlsCertificate.");
        }

        if (options.TlsCertificate is { HasPrivateKey: false })
        {
            errors.Add("TlsCertificate must include its private key.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
