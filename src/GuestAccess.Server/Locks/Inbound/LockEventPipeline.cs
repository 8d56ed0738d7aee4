using System.Collections.Concurrent;
using System.Diagnostics;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Entries;
using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Inbound;

/// <summary>
/// Events from the locks' events topics into the entry log, confirmed end to end: each drained
/// batch is grouped per lock and handed to <see cref="IEntryIngestor"/> (durable, idempotent on
/// (lock, sequence); the lock's stored mark is moved on in the same transaction); exactly what
/// it reports as stored is confirmed to the lock (<c>confirm_events</c>: everything up to the
/// contiguous mark plus the stored sequences above it), so the lock may drop it. Confirmations are
/// paced by <see cref="PendingConfirmations"/>: at most one signed command per lock per
/// <see cref="LockFleetOptions.ConfirmInterval"/>, covering everything stored meanwhile. A gap is
/// asked for again with <c>replay_events</c>, at most every <see cref="LockFleetOptions.ReplayInterval"/>
/// and three times per gap; a gap that never fills (the lock had to drop events) is logged. If
/// ingestion fails nothing is confirmed: the lock keeps the events and sends them again. A graceful
/// stop flushes: what was received but not stored yet is stored, and everything stored is confirmed
/// at once instead of at the end of its interval (the broker connection stops after this service).
/// </summary>
internal sealed class LockEventPipeline(
    FleetChannels channels,
    IEntryIngestor ingestor,
    LockCommandPublisher publisher,
    IServiceScopeFactory scopes,
    IOptions<LockFleetOptions> options,
    TimeProvider clock,
    LockFleetMetrics metrics,
    ILogger<LockEventPipeline> logger) : BackgroundService
{
    private const int MaxBatches = 512;
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<LockId, Guid> _lockIds = new();
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private readonly Dictionary<LockId, ReplayState> _replays = [];

    // Pacing is about CPU, not about the domain's time: a monotonic clock, so a test's fake clock cannot hold confirmations back.
    private readonly PendingConfirmations _confirmations = new(options.Value.ConfirmInterval, () => Environment.TickCount64 * TimeSpan.TicksPerMillisecond);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var paced = ConfirmPacedAsync(stoppingToken);
        try
        {
            await IngestLoopAsync(stoppingToken);
        }
        finally
        {
            await paced;
        }

        await FlushAsync();
    }

    /// <summary>Graceful stop: stores what is buffered and confirms everything stored, bounded by <see cref="FlushTimeout"/>.</summary>
    private async Task FlushAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(FlushTimeout);
        var batches = new List<InboundEventBatch>();
        while (channels.Events.Reader.TryRead(out var batch))
        {
            batches.Add(batch);
        }

        var ingested = await IngestPerLockAsync(batches, timeout.Token);
        var confirmations = new List<Confirmation>();
        foreach (var stored in ingested)
        {
            if (_confirmations.Add(stored.LockId, stored.Result) is { } now)
            {
                confirmations.Add(now);
            }
        }

        confirmations.AddRange(_confirmations.TakeAll());
        await Task.WhenAll(confirmations.Select(c => ConfirmAsync(c, timeout.Token)));
        LockFleetLog.IngestionFlushed(logger, ingested.Sum(i => i.Events), confirmations.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task IngestLoopAsync(CancellationToken stoppingToken)
    {
        var reader = channels.Events.Reader;
        var batches = new List<InboundEventBatch>(MaxBatches);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reader.WaitToReadAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            batches.Clear();
            while (batches.Count < MaxBatches && reader.TryRead(out var batch))
            {
                batches.Add(batch);
            }

            var ingested = await IngestPerLockAsync(batches, stoppingToken);
            await Task.WhenAll(ingested.Select(i => AfterStoredAsync(i, stoppingToken)));
        }
    }

    /// <summary>Sends the confirmations merged while their lock's interval ran.</summary>
    private async Task ConfirmPacedAsync(CancellationToken stoppingToken)
    {
        var tick = _confirmations.Interval / 4;
        using var timer = new PeriodicTimer(tick > TimeSpan.FromMilliseconds(20) ? tick : TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.WhenAll(_confirmations.TakeDue().Select(c => ConfirmAsync(c, stoppingToken)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is not confirmed yet the locks send again, and it is stored only once.
        }
    }

    /// <summary>Stores drained batches with one ingest call per lock (the audit writer commits them together); what may be confirmed.</summary>
    private async Task<List<Ingested>> IngestPerLockAsync(List<InboundEventBatch> batches, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(batches.GroupBy(b => b.LockId).Select(g => IngestAsync(g.Key, [.. g.SelectMany(b => b.Batch.Events)], cancellationToken)));
        return [.. results.OfType<Ingested>()];
    }

    /// <summary>Stores one lock's events (the audit writer commits many locks' requests together); null if nothing may be confirmed.</summary>
    private async Task<Ingested?> IngestAsync(LockId lockId, IReadOnlyList<LockEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            if (await ResolveAsync(lockId, cancellationToken) is not { } id)
            {
                metrics.InboundRejected("unknown_lock");
                return null;
            }

            var ordered = events.DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence).Select(LockEventMapping.ToData).ToList();
            var result = await ingestor.IngestAsync(id, ordered, cancellationToken);
            metrics.EventsIngested(result.NewlyStored);
            metrics.EventsIngested(ordered.Count, NewEntries(events, result));
            if (result.Rejected.Count > 0)
            {
                LockFleetLog.EventsRejected(logger, lockId.Value, result.Rejected.Count, result.Rejected[0].Code);
            }

            return new Ingested(lockId, id, result, events.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: nothing confirmed, the lock sends them again.
            return null;
        }
        catch (Exception e)
        {
            LockFleetLog.IngestionFailed(logger, e, lockId.Value, events.Count);
            return null;
        }
    }

    /// <summary>Confirms what was stored (now, or merged into the lock's next paced confirmation) and asks for gaps.</summary>
    private async Task AfterStoredAsync(Ingested ingested, CancellationToken cancellationToken)
    {
        try
        {
            if (_confirmations.Add(ingested.LockId, ingested.Result) is { } now)
            {
                await ConfirmAsync(now, cancellationToken);
            }

            await AskForGapAsync(ingested.LockId, ingested.Result, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lock sends them again.
        }
        catch (Exception e)
        {
            LockFleetLog.IngestionFailed(logger, e, ingested.LockId.Value, ingested.Events);
        }
    }

    /// <summary>One signed confirm_events; a lost one only means the lock sends the events again (stored once).</summary>
    private async Task ConfirmAsync(Confirmation confirmation, CancellationToken cancellationToken)
    {
        try
        {
            var (_, _, published) = publisher.SignAndPublish(
                new ConfirmEvents { CommandId = SyncPlanner.NewId("confirm"), Lock = confirmation.LockId, UpTo = confirmation.UpTo, Sequences = confirmation.Above },
                options.Value.CommandLifetime,
                null,
                cancellationToken);
            await published;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lock sends them again.
        }
        catch (Exception e)
        {
            LockFleetLog.ConfirmFailed(logger, e, confirmation.LockId.Value);
        }
    }

    private async Task AskForGapAsync(LockId lockId, IngestResult result, CancellationToken cancellationToken)
    {
        if (result.Gaps.Count == 0)
        {
            lock (_replays)
            {
                _replays.Remove(lockId);
            }

            return;
        }

        var from = result.Gaps[0].From;
        var now = clock.GetUtcNow();
        lock (_replays)
        {
            var state = _replays.GetValueOrDefault(lockId);
            if (state is not null && state.From == from && (now < state.At + options.Value.ReplayInterval || state.Attempts >= 3))
            {
                if (state.Attempts == 3)
                {
                    LockFleetLog.EventsLost(logger, lockId.Value, from, result.Gaps[0].To);
                    _replays[lockId] = state with { Attempts = 4 };
                }

                return;
            }

            _replays[lockId] = new ReplayState(from, now, state?.From == from ? state.Attempts + 1 : 1);
        }

        var (_, _, published) = publisher.SignAndPublish(new ReplayEvents { CommandId = SyncPlanner.NewId("replay"), Lock = lockId, From = from }, options.Value.CommandLifetime, null, cancellationToken);
        await published;
    }

    /// <summary>
    /// The lock's id. A lock not known yet loads every lock's id at once, one caller at a time: a
    /// drained batch holds up to <see cref="MaxBatches"/> locks, and one query each, on a connection
    /// each, exhausted PostgreSQL's connection pool when a rush started (scale benchmark).
    /// </summary>
    private async Task<Guid?> ResolveAsync(LockId lockId, CancellationToken cancellationToken)
    {
        if (_lockIds.TryGetValue(lockId, out var known))
        {
            return known;
        }

        await _resolving.WaitAsync(cancellationToken);
        try
        {
            if (_lockIds.TryGetValue(lockId, out known))
            {
                return known;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            var all = _lockIds.IsEmpty;
            var found = await db.Locks.AsNoTracking().Where(l => all || l.DeviceId == lockId.Value).Select(l => new { l.DeviceId, l.Id }).ToListAsync(cancellationToken);
            foreach (var l in found)
            {
                if (LockId.TryParse(l.DeviceId, out var wire))
                {
                    _lockIds[wire] = l.Id;
                }
            }

            return _lockIds.TryGetValue(lockId, out known) ? known : null;
        }
        finally
        {
            _resolving.Release();
        }
    }

    /// <summary>
    /// The entry attempts this call stored for the first time. The ingestor reports how many were
    /// new, not which; redeliveries are of sequences stored before, so the new ones are the highest.
    /// </summary>
    private static IEnumerable<(string Outcome, string Method, string? DenialReason)> NewEntries(IReadOnlyList<LockEvent> events, IngestResult result)
    {
        if (result.NewlyStored == 0)
        {
            return [];
        }

        var fresh = result.Stored.Count == result.NewlyStored ? result.Stored : result.Stored.Skip(result.Stored.Count - result.NewlyStored);
        var wanted = fresh.ToHashSet();
        return events.DistinctBy(e => e.Sequence)
            .Where(e => wanted.Contains(e.Sequence) && e.Kind == EventKind.EntryAttempt && e.Outcome is not null && e.Method is not null)
            .Select(e => (WireNames.Of(e.Outcome!.Value), WireNames.Of(e.Method!.Value), e.Reason is { } reason ? WireNames.Of(reason) : null))
            .ToList();
    }

    private sealed record ReplayState(long From, DateTimeOffset At, int Attempts);

    private sealed record Ingested(LockId LockId, Guid Id, IngestResult Result, int Events);
}
