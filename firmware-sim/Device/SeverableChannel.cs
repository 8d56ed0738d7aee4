using System.IO.Pipelines;
using System.Net;
using GuestAccess.Mqtt.Channel;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// A transport the simulator can cut like a pulled network cable or a power cut: no DISCONNECT
/// is sent, so the broker sees a lost connection and publishes the lock's last will.
/// </summary>
internal sealed class SeverableChannel(IMqttChannel inner) : IMqttChannel
{
    private int _severed;

    public PipeReader Input => inner.Input;

    public PipeWriter Output => inner.Output;

    public EndPoint? RemoteEndPoint => inner.RemoteEndPoint;

    public bool IsSevered => Volatile.Read(ref _severed) != 0;

    public void Sever()
    {
        if (Interlocked.Exchange(ref _severed, 1) == 0)
        {
            inner.Abort();
        }
    }

    public void Abort() => inner.Abort();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
