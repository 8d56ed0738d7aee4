using System.Threading.Channels;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Client;

/// <summary>State of one network connection of a client; a reconnect creates a new one.</summary>
internal sealed class MqttClientConnection(MqttPacketConnection packets, int maxPendingDeliveries)
{
    public MqttPacketConnection Packets { get; } = packets;

    public CancellationTokenSource Closed { get; } = new();

    public Channel<PublishPacket> Deliveries { get; } = System.Threading.Channels.Channel.CreateBounded<PublishPacket>(
        new BoundedChannelOptions(maxPendingDeliveries) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>QoS 1 publishes sent on this connection and not yet acknowledged (guarded by the client lock).</summary>
    public int SentUnacknowledged { get; set; }

    /// <summary>How many QoS 1 publishes may be unacknowledged on the wire (server Receive Maximum).</summary>
    public int Window { get; set; } = ushort.MaxValue;

    public long KeepAliveMilliseconds { get; set; }

    public long PingSentAt { get; set; }

    public MqttReasonCode? ServerDisconnectReason { get; set; }

    public Exception? Failure { get; set; }

    public Task ReadLoop { get; set; } = Task.CompletedTask;
}
