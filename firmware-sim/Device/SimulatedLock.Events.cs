using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// Events (docs section 9): numbered by the lock, written to disk before they are published,
/// kept until a <c>confirm_events</c> covers them, re-published after every reconnect and on
/// <c>replay_events</c>. One pump per lock publishes them in batches; it runs only when there is
/// something to send.
/// </summary>
public sealed partial class SimulatedLock
{
    private long _publishedUpTo;
    private int _pumpState;
    private long _lastEventsPublishedTicks;

    /// <summary>Does the lock hold events it last published before <paramref name="before"/> and that are still unconfirmed?</summary>
    internal bool HasStaleUnconfirmedEvents(DateTimeOffset before) =>
        Volatile.Read(ref _journal).Events.Count > 0 && Interlocked.Read(ref _lastEventsPublishedTicks) is var ticks and > 0 && new DateTimeOffset(ticks, TimeSpan.Zero) < before;

    private LockEvent NewEvent(EventKind kind, DateTimeOffset at) => new() { Sequence = 0, At = at, Door = Door, Kind = kind };

    /// <summary>Numbers <paramref name="events"/> and appends them; past the capacity the oldest go and an events_dropped event says how many.</summary>
    private DeviceJournal Append(DeviceJournal journal, IReadOnlyList<LockEvent> events)
    {
        if (events.Count == 0)
        {
            return journal;
        }

        var last = journal.LastSequence;
        var buffer = new List<LockEvent>(journal.Events.Count + events.Count + 1);
        buffer.AddRange(journal.Events);
        foreach (var item in events)
        {
            buffer.Add(item with { Sequence = ++last });
        }

        var capacity = _runtime.Options.EventBufferCapacity;
        if (buffer.Count > capacity)
        {
            var dropped = buffer.Count - capacity + 1;
            buffer.RemoveRange(0, dropped);
            buffer.Add(NewEvent(EventKind.EventsDropped, events[^1].At) with { Sequence = ++last, DroppedCount = dropped });
            SimLog.EventsDropped(_logger, Id.Value, dropped);
        }

        return journal with { LastSequence = last, Events = buffer };
    }

    /// <summary>Records events (persisted before this returns) and lets the pump publish them.</summary>
    private async Task<IReadOnlyList<LockEvent>> RecordAsync(IReadOnlyList<LockEvent> events, CancellationToken cancellationToken)
    {
        List<LockEvent> recorded;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            var before = Volatile.Read(ref _journal);
            var journal = Append(before, events);
            await CommitAsync(journal).ConfigureAwait(false);
            recorded = [.. journal.Events.Where(e => e.Sequence > before.LastSequence && e.Sequence <= before.LastSequence + events.Count)];
        }
        finally
        {
            _gate.Release();
        }

        KickEventPump();
        return recorded;
    }

    private void RewindEventPump(long from)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _publishedUpTo);
            if (current < from || Interlocked.CompareExchange(ref _publishedUpTo, from - 1, current) == current)
            {
                return;
            }
        }
    }

    private void KickEventPump()
    {
        while (true)
        {
            switch (Volatile.Read(ref _pumpState))
            {
                case 0 when Interlocked.CompareExchange(ref _pumpState, 1, 0) == 0:
                    _ = PumpAsync();
                    return;
                case 1 when Interlocked.CompareExchange(ref _pumpState, 2, 1) == 1:
                    return;
                case 2:
                    return;
            }
        }
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        do
        {
            Volatile.Write(ref _pumpState, 1);
            await DrainAsync().ConfigureAwait(false);
        }
        while (Interlocked.CompareExchange(ref _pumpState, 0, 1) != 1);
    }

    private async Task DrainAsync()
    {
        while (_ready && CurrentClient() is { } client)
        {
            var from = Interlocked.Read(ref _publishedUpTo);
            var batch = Volatile.Read(ref _journal).Events.Where(e => e.Sequence > from).Take(EventBatch.MaxEvents).ToList();
            if (batch.Count == 0)
            {
                return;
            }

            var payload = LockMessageCodec.Encode(new EventBatch { Lock = Id, Events = batch });
            if (!await TryPublishAsync(client, _eventsTopic, payload, retain: false, CancellationToken.None).ConfigureAwait(false))
            {
                return;
            }

            Interlocked.CompareExchange(ref _publishedUpTo, batch[^1].Sequence, from);
            Interlocked.Exchange(ref _lastEventsPublishedTicks, _runtime.Options.TimeProvider.GetUtcNow().UtcTicks);
        }
    }
}
