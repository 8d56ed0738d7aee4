using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Channel;

/// <summary>
/// Packets over a channel, shared by the client and the broker. Reading frames and decodes straight
/// from the pipe. Writing has no task of its own: the first sender that finds the connection idle
/// drains the queue inline (encode, write, one flush per burst); senders arriving meanwhile only
/// enqueue, so their packets are coalesced into the drainer's next flush. Packets queued with
/// <see cref="Enqueue"/> from the read loop are flushed when the read loop runs out of input.
/// </summary>
internal sealed class MqttPacketConnection : IAsyncDisposable
{
    [ThreadStatic]
    private static MqttBufferWriter? t_encoder;

    private readonly IMqttChannel _channel;
    private readonly Lock _lock = new();
    private readonly Queue<MqttPacket> _queue = new();
    private Task _drain = Task.CompletedTask;
    private TaskCompletionSource? _capacityWaiter;
    private TaskCompletionSource? _idleWaiter;
    private bool _draining;
    private bool _closed;
    private bool _failed;
    private bool _inputEnded;
    private int _disposed;

    public MqttPacketConnection(IMqttChannel channel, int maxIncomingPacketSize)
    {
        _channel = channel;
        MaxIncomingPacketSize = maxIncomingPacketSize;
        LastReceived = LastSent = Environment.TickCount64;
    }

    public IMqttChannel Channel => _channel;

    /// <summary>Null until the protocol version is known (the broker learns it from CONNECT).</summary>
    public MqttPacketFormatter? Formatter { get; set; }

    public int MaxIncomingPacketSize { get; set; }

    public int MaxOutgoingPacketSize { get; set; } = MqttFrameReader.MaxRemainingLength + 5;

    public long LastReceived { get; private set; }

    public long LastSent { get; private set; }

    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Set when writing ended because of an unexpected error (not a closed transport).</summary>
    public Exception? WriterFault { get; private set; }

    /// <summary>Called for a packet that exceeds the peer's maximum packet size and was not sent.</summary>
    public Action<MqttPacket>? OversizePacketDropped { get; set; }

    /// <summary>The next packet, or null when the peer closed the connection (frames already received are still returned first).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var input = _channel.Input;
        while (true)
        {
            if (!input.TryRead(out var result))
            {
                if (_inputEnded)
                {
                    return null;
                }

                // Nothing buffered: send what the read loop queued (acks) before waiting for more input.
                Flush();
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

    /// <summary>Queues a packet and makes sure it is written (inline when the connection is idle).</summary>
    public bool TrySend(MqttPacket packet)
    {
        if (!Enqueue(packet))
        {
            return false;
        }

        Flush();
        return true;
    }

    /// <summary>Queues a packet without writing it yet; used by the read loop, whose next wait for input flushes.</summary>
    public bool Enqueue(MqttPacket packet)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _queue.Enqueue(packet);
            return true;
        }
    }

    /// <summary>Starts writing queued packets unless a write is already in progress (that one picks them up).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_draining || _failed || _queue.Count == 0)
            {
                return;
            }

            _draining = true;
        }

        _drain = DrainAsync();
    }

    /// <summary>Waits until fewer than <paramref name="limit"/> packets are queued (back-pressure for producers).</summary>
    public async ValueTask WaitForCapacityAsync(int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_queue.Count < limit || _closed || _failed)
                {
                    return;
                }

                wait = (_capacityWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is queued plus an optional last packet, ends the stream, then closes the transport.</summary>
    public async ValueTask CloseAsync(MqttPacket? lastPacket, TimeSpan timeout)
    {
        if (lastPacket is not null)
        {
            TrySend(lastPacket);
        }

        lock (_lock)
        {
            _closed = true;
        }

        try
        {
            if (await WaitForDrainAsync(timeout).ConfigureAwait(false))
            {
                // Everything is written: end the stream so the peer reads it all and then sees the close.
                await _channel.Output.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // Already gone.
        }

        _channel.Abort();
    }

    public void Abort()
    {
        lock (_lock)
        {
            _closed = true;
        }

        _channel.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_lock)
        {
            _closed = true;
        }

        await WaitForDrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _channel.Abort();
        await _drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>True when everything queued was written; false on timeout or a failed transport.</summary>
    private async Task<bool> WaitForDrainAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_draining)
                {
                    return !_failed;
                }

                wait = (_idleWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return false;
            }

            try
            {
                await wait.WaitAsync(TimeSpan.FromMilliseconds(left)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private async Task DrainAsync()
    {
        var output = _channel.Output;
        try
        {
            while (true)
            {
                var pending = 0;
                while (TryDequeue(out var packet))
                {
                    pending += Write(output, packet);
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

                lock (_lock)
                {
                    if (_queue.Count == 0)
                    {
                        _draining = false;
                        Signal(ref _idleWaiter);
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            Fail(null);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private int Write(PipeWriter output, MqttPacket packet)
    {
        var encoder = t_encoder ??= new MqttBufferWriter();
        Formatter!.Encode(packet, encoder);
        var bytes = encoder.Written;
        if (bytes.Length > MaxOutgoingPacketSize)
        {
            OversizePacketDropped?.Invoke(packet);
            return 0;
        }

        output.Write(bytes);
        return bytes.Length;
    }

    private bool TryDequeue(out MqttPacket packet)
    {
        lock (_lock)
        {
            if (_queue.TryDequeue(out packet!))
            {
                Signal(ref _capacityWaiter);
                return true;
            }

            return false;
        }
    }

    private async ValueTask<bool> FlushAsync(PipeWriter output)
    {
        var result = await output.FlushAsync().ConfigureAwait(false);
        LastSent = Environment.TickCount64;
        if (result.IsCanceled || result.IsCompleted)
        {
            Fail(null);
            return false;
        }

        return true;
    }

    private void Fail(Exception? fault)
    {
        WriterFault = fault;
        lock (_lock)
        {
            _failed = true;
            _closed = true;
            _draining = false;
            _queue.Clear();
            Signal(ref _capacityWaiter);
            Signal(ref _idleWaiter);
        }

        _channel.Abort();
    }

    private static void Signal(ref TaskCompletionSource? waiter)
    {
        var signalled = waiter;
        waiter = null;
        signalled?.TrySetResult();
    }

    private static bool IsTransportError(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;
}
