using System.IO.Pipelines;
using System.Net;

namespace GuestAccess.Mqtt.Channel;

/// <summary>Two connected in-process channels: what one writes the other reads. For fast tests and in-process clients.</summary>
public sealed class MqttInMemoryChannel : IMqttChannel
{
    private int _disposed;

    private MqttInMemoryChannel(PipeReader input, PipeWriter output)
    {
        Input = input;
        Output = output;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public EndPoint? RemoteEndPoint => null;

    private MqttInMemoryChannel? Peer { get; set; }

    public static (MqttInMemoryChannel Client, MqttInMemoryChannel Server) CreatePair()
    {
        var options = new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        var client = new MqttInMemoryChannel(toClient.Reader, toServer.Writer);
        var server = new MqttInMemoryChannel(toServer.Reader, toClient.Writer) { Peer = client };
        client.Peer = server;
        return (client, server);
    }

    /// <summary>Like a reset TCP connection: both this end and the peer see the connection end.</summary>
    public void Abort()
    {
        Input.CancelPendingRead();
        Output.CancelPendingFlush();
        Peer?.Input.CancelPendingRead();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Output.CompleteAsync().ConfigureAwait(false);
        await Input.CompleteAsync().ConfigureAwait(false);
    }
}
