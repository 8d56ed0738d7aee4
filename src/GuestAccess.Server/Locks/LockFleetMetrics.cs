using System.Diagnostics.Metrics;

namespace GuestAccess.Server.Locks;

/// <summary>The lock fleet's metrics (meter <c>GuestAccess.Locks</c>).</summary>
public sealed class LockFleetMetrics : IDisposable
{
    public const string MeterName = "GuestAccess.Locks";

    private readonly Meter _meter;
    private readonly Counter<long> _commandsSent;
    private readonly Counter<long> _commandsRejected;
    private readonly Counter<long> _inboundRejected;
    private readonly Counter<long> _eventsIngested;
    private readonly Histogram<double> _appliedLatency;
    private readonly Counter<long> _entries;
    private readonly Counter<long> _denials;
    private readonly Histogram<int> _ingestBatch;
    private readonly Counter<long> _directDeltas;
    private long _directSent;
    private long _directWithoutTransaction;
    private long _directVerified;
    private long _directMismatched;
    private int _online;
    private int _pendingLocks;
    private long _oldestPendingTicks = long.MaxValue;

    public LockFleetMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _commandsSent = _meter.CreateCounter<long>("guestaccess.locks.commands.sent", description: "Commands published to locks, by type and whether the broker took them");
        _commandsRejected = _meter.CreateCounter<long>("guestaccess.locks.commands.rejected", description: "Commands locks refused, by reason code");
        _inboundRejected = _meter.CreateCounter<long>("guestaccess.locks.inbound.rejected", description: "Messages from locks that could not be read, by error code");
        _eventsIngested = _meter.CreateCounter<long>("guestaccess.locks.events.ingested", description: "Lock events stored");
        _appliedLatency = _meter.CreateHistogram<double>("guestaccess.locks.change.applied.duration", unit: "ms", description: "From the committed change (outbox) to the lock's acknowledgement");
        _meter.CreateObservableGauge("guestaccess.locks.online", () => Volatile.Read(ref _online), description: "Locks whose last status is online");
        _entries = _meter.CreateCounter<long>("guestaccess.entries", description: "Entry attempts stored from the locks, by outcome (granted, denied) and method");
        _denials = _meter.CreateCounter<long>("guestaccess.entries.denied", description: "Denied entry attempts stored from the locks, by reason");
        _directDeltas = _meter.CreateCounter<long>("guestaccess.locks.commands.direct", description: "Credentials commands sent from the change as committed, without reading it back; transaction=false: in a dispatcher turn without any database work");
        _ingestBatch = _meter.CreateHistogram<int>("guestaccess.locks.events.batch.size", unit: "{event}", description: "Events of one lock handed to the entry log in one ingestion call");
        _meter.CreateObservableGauge("guestaccess.locks.outbox.lag", OutboxLag, unit: "s", description: "Age of the oldest committed change that no lock has acknowledged yet (0 when none)");
        _meter.CreateObservableGauge("guestaccess.locks.outbox.pending", () => Volatile.Read(ref _pendingLocks), description: "Locks with committed changes they have not acknowledged yet");
    }

    /// <summary>Commands sent from a handed-over delta (Locks/Fleet/DirectDelta), in turns without a database transaction and in all.</summary>
    public long DirectSentWithoutTransaction => Interlocked.Read(ref _directWithoutTransaction);

    public long DirectSent => Interlocked.Read(ref _directSent);

    /// <summary>Locks:VerifyDirectDeltas: direct commands found equal to / different from the database's plan.</summary>
    public long DirectVerified => Interlocked.Read(ref _directVerified);

    public long DirectMismatched => Interlocked.Read(ref _directMismatched);

    internal void DirectDeltasSent(int count, bool withoutTransaction)
    {
        if (count == 0)
        {
            return;
        }

        Interlocked.Add(ref _directSent, count);
        _directDeltas.Add(count, new KeyValuePair<string, object?>("transaction", !withoutTransaction));
        if (withoutTransaction)
        {
            Interlocked.Add(ref _directWithoutTransaction, count);
        }
    }

    /// <summary>Equal (true), different (false) or not comparable (null: a later change was committed too).</summary>
    internal void DirectDeltaChecked(bool? same)
    {
        if (same == true)
        {
            Interlocked.Increment(ref _directVerified);
        }
        else if (same == false)
        {
            Interlocked.Increment(ref _directMismatched);
        }
    }

    /// <summary>Latencies seen in this process (grant → applied), for benchmarks and diagnostics.</summary>
    public LatencyRecorder AppliedLatency { get; } = new();

    public void CommandSent(string type, bool accepted) =>
        _commandsSent.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("accepted", accepted));

    public void CommandRejected(string reason) => _commandsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void InboundRejected(string code) => _inboundRejected.Add(1, new KeyValuePair<string, object?>("code", code));

    public void EventsIngested(int count) => _eventsIngested.Add(count);

    public void ChangeApplied(TimeSpan latency)
    {
        _appliedLatency.Record(latency.TotalMilliseconds);
        AppliedLatency.Record(latency);
    }

    internal void SetOnline(int count) => Volatile.Write(ref _online, count);

    /// <summary>The dispatcher's view after each turn: how many locks have unacknowledged changes, and since when the oldest.</summary>
    internal void SetOutbox(int pendingLocks, DateTimeOffset? oldestPendingSince)
    {
        Volatile.Write(ref _pendingLocks, pendingLocks);
        Interlocked.Exchange(ref _oldestPendingTicks, oldestPendingSince?.UtcTicks ?? long.MaxValue);
    }

    /// <summary>One ingestion call for one lock: its size, and the entries it newly stored.</summary>
    public void EventsIngested(int batchSize, IEnumerable<(string Outcome, string Method, string? DenialReason)> newlyStored)
    {
        _ingestBatch.Record(batchSize);
        foreach (var (outcome, method, reason) in newlyStored)
        {
            _entries.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("method", method));
            if (reason is not null)
            {
                _denials.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
        }
    }

    private double OutboxLag()
    {
        var ticks = Interlocked.Read(ref _oldestPendingTicks);
        return ticks == long.MaxValue ? 0 : Math.Max(0, (DateTimeOffset.UtcNow.UtcTicks - ticks) / (double)TimeSpan.TicksPerSecond);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>A bounded in-memory record of recent latencies (the last 100,000).</summary>
public sealed class LatencyRecorder
{
    private const int Capacity = 100_000;
    private readonly Lock _gate = new();
    private readonly Queue<double> _values = new();

    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            if (_values.Count == Capacity)
            {
                _values.Dequeue();
            }

            _values.Enqueue(latency.TotalMilliseconds);
        }
    }

    /// <summary>The recorded latencies in milliseconds, oldest first; clears the record.</summary>
    public IReadOnlyList<double> Drain()
    {
        lock (_gate)
        {
            var values = _values.ToArray();
            _values.Clear();
            return values;
        }
    }
}
