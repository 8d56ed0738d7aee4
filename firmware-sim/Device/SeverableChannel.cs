using System.IO.Pipelines;
using System.Net;
using GuestAccess.Mqtt.Channel;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// A transport the simulator can cut like a pulled network cable or a power cut: no DISCONNECT
/// is sent, so the broker sees a lost connection and publishes the lock's last will. Once cut or
/// aborted, disposing it drops whatever is still buffered instead of writing it to the closed
/// socket: the TCP channel's graceful close can otherwise wait forever on such a write
/// (firmware-sim/README.md, "Known issues").
/// </summary>
internal sealed class SeverableChannel(IMqttChannel inner) : IMqttChannel
{
    private int _severed;
    private int _aborted;

    public PipeReader Input => inner.Input;

    public PipeWriter Output => inner.Output;

    public EndPoint? RemoteEndPoint => inner.RemoteEndPoint;

    public bool IsSevered => Volatile.Read(ref _severed) != 0;

    public void Sever()
    {
        if (Interlocked.Exchange(ref _severed, 1) == 0)
        {
            Abort();
        }
    }

    public void Abort()
    {
        Volatile.Write(ref _aborted, 1);
        inner.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _aborted) != 0)
        {
            // Completing the pipes with an error makes them drop what is still buffered.
            var severed = new IOException("The simulated network connection was cut.");
            await inner.Output.CompleteAsync(severed).ConfigureAwait(false);
            await inner.Input.CompleteAsync(severed).ConfigureAwait(false);
        }

        await inner.DisposeAsync().ConfigureAwait(false);
    }
}
