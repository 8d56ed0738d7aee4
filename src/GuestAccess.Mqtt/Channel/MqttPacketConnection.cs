using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Channel;

/// <summary>
/// Packets over a channel: one read path that frames and decodes straight from the pipe, and one
/// writer loop that drains a queue, encodes into a reusable buffer and flushes once per burst, so
/// writes are coalesced. Shared by the client and the broker.
/// </summary>
internal sealed class MqttPacketConnection : IAsyncDisposable
{
    private readonly IMqttChannel _channel;
    private readonly Channel<MqttPacket> _outgoing;
    private Task _writer = Task.CompletedTask;
    private int _queued;
    private TaskCompletionSource? _drained;
    private int _disposed;
    private bool _inputEnded;

    public MqttPacketConnection(IMqttChannel channel, int maxIncomingPacketSize, int outgoingCapacity)
    {
        _channel = channel;
        MaxIncomingPacketSize = maxIncomingPacketSize;
        _outgoing = outgoingCapacity > 0
            ? System.Threading.Channels.Channel.CreateBounded<MqttPacket>(new BoundedChannelOptions(outgoingCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })
            : System.Threading.Channels.Channel.CreateUnbounded<MqttPacket>(new UnboundedChannelOptions { SingleReader = true });
        LastReceived = LastSent = Environment.TickCount64;
    }

    public IMqttChannel Channel => _channel;

    /// <summary>Null until the protocol version is known (the broker learns it from CONNECT).</summary>
    public MqttPacketFormatter? Formatter { get; set; }

    public int MaxIncomingPacketSize { get; set; }

    public int MaxOutgoingPacketSize { get; set; } = MqttFrameReader.MaxRemainingLength + 5;

    public long LastReceived { get; private set; }

    public long LastSent { get; private set; }

    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>Set when the writer loop ended because of an unexpected error (not a closed transport).</summary>
    public Exception? WriterFault { get; private set; }

    /// <summary>Called for a packet that exceeds the peer's maximum packet size and was not sent.</summary>
    public Action<MqttPacket>? OversizePacketDropped { get; set; }

    public void StartWriter() => _writer = RunWriterAsync();

    /// <summary>The next packet, or null when the peer closed the connection (frames already received are still returned first).</summary>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var input = _channel.Input;
        while (true)
        {
            ReadResult result;
            if (_inputEnded)
            {
                if (!input.TryRead(out result))
                {
                    return null;
                }
            }
            else
            {
                try
                {
                    result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransportError(ex))
                {
                    _inputEnded = true;
                    return null;
                }
            }

            if (result.IsCanceled || result.IsCompleted)
            {
                _inputEnded = true;
            }

            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (MqttFrameReader.TryReadFrame(ref buffer, MaxIncomingPacketSize, out var frame))
                {
                    consumed = buffer.Start;
                    LastReceived = Environment.TickCount64;
                    return Formatter is null ? MqttPacketFormatter.DecodeConnect(frame) : Formatter.Decode(frame);
                }
            }
            finally
            {
                if (consumed.Equals(result.Buffer.Start))
                {
                    input.AdvanceTo(consumed, result.Buffer.End);
                }
                else
                {
                    input.AdvanceTo(consumed);
                }
            }

            if (_inputEnded)
            {
                return null;
            }
        }
    }

    public bool TrySend(MqttPacket packet)
    {
        Interlocked.Increment(ref _queued);
        if (_outgoing.Writer.TryWrite(packet))
        {
            return true;
        }

        Interlocked.Decrement(ref _queued);
        return false;
    }

    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _outgoing.Writer.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }
    }

    /// <summary>Waits until fewer than <paramref name="limit"/> packets are queued (back-pressure for producers).</summary>
    public async ValueTask WaitForCapacityAsync(int limit, CancellationToken cancellationToken)
    {
        while (QueuedCount >= limit && _disposed == 0)
        {
            var signal = Volatile.Read(ref _drained);
            if (signal is null)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = Interlocked.CompareExchange(ref _drained, created, null) ?? created;
            }

            if (QueuedCount < limit || _writer.IsCompleted)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is queued plus an optional last packet, then closes the transport.</summary>
    public async ValueTask CloseAsync(MqttPacket? lastPacket, TimeSpan timeout)
    {
        if (lastPacket is not null)
        {
            TrySend(lastPacket);
        }

        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(timeout).ConfigureAwait(false);

            // Everything is written: end the stream so the peer reads it all and then sees the close.
            await _channel.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that does not read gets cut off.
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // Already gone.
        }

        _channel.Abort();
    }

    public void Abort()
    {
        _outgoing.Writer.TryComplete();
        _channel.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Fall through to abort.
        }

        _channel.Abort();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunWriterAsync()
    {
        await Task.Yield();
        var reader = _outgoing.Reader;
        var output = _channel.Output;
        var buffer = new MqttBufferWriter();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var pending = 0;
                while (reader.TryRead(out var packet))
                {
                    Interlocked.Decrement(ref _queued);
                    Formatter!.Encode(packet, buffer);
                    var bytes = buffer.Written;
                    if (bytes.Length > MaxOutgoingPacketSize)
                    {
                        OversizePacketDropped?.Invoke(packet);
                        continue;
                    }

                    output.Write(bytes);
                    pending += bytes.Length;
                    if (pending >= 64 * 1024)
                    {
                        pending = 0;
                        if (!await FlushAsync(output).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                }

                if (pending > 0 && !await FlushAsync(output).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            _channel.Abort();
        }
        catch (Exception ex)
        {
            WriterFault = ex;
            _channel.Abort();
        }
        finally
        {
            Interlocked.Exchange(ref _drained, null)?.TrySetResult();
        }
    }

    private async ValueTask<bool> FlushAsync(PipeWriter output)
    {
        var result = await output.FlushAsync().ConfigureAwait(false);
        LastSent = Environment.TickCount64;
        Interlocked.Exchange(ref _drained, null)?.TrySetResult();
        if (result.IsCanceled || result.IsCompleted)
        {
            _channel.Abort();
            return false;
        }

        return true;
    }

    private static bool IsTransportError(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;
}
