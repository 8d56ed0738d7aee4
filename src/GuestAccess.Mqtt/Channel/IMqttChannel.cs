using System.IO.Pipelines;
using System.Net;

namespace GuestAccess.Mqtt.Channel;

/// <summary>A bidirectional byte transport carrying one MQTT connection (TCP, TLS or in-memory).</summary>
public interface IMqttChannel : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }

    /// <summary>The peer's address, when there is one (null for in-memory channels).</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Forcibly closes the transport. Safe to call while a read or flush is pending (they end);
    /// <see cref="IAsyncDisposable.DisposeAsync"/> is still called afterwards by the owner.
    /// </summary>
    void Abort();
}
