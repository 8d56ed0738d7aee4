using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Delivers the desired state to the locks. One loop owns all per-lock runtime state; it sleeps
/// until something arrives (a committed outbox signal, a status, a reply, a broker reconnect) or
/// the next timer is due — never a polling sleep on the hot path. Each turn drains what arrived,
/// applies it in one database transaction, plans a command for every lock that needs one and is
/// reachable (one credentials command in flight per lock), then signs and publishes.
/// </summary>
internal sealed partial class LockDispatcher(
    FleetChannels channels,
    IServiceScopeFactory scopes,
    LockCommandPublisher publisher,
    Ownership.LockOwnership ownership,
    IOptions<LockFleetOptions> options,
    IOptions<Ownership.ClusterOptions> cluster,
    TimeProvider clock,
    LockFleetMetrics metrics,
    ILogger<LockDispatcher> logger) : BackgroundService
{
    private const int MaxBatch = 1024;
    private static readonly TimeSpan SafetyScanInterval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<Guid, LockRuntime> _byId = [];
    private readonly Dictionary<LockId, LockRuntime> _byWire = [];
    private readonly HashSet<Guid> _dirty = [];
    private readonly HashSet<Guid> _applied = [];
    private readonly List<(CommandToSend Command, LockRuntime Lock)> _outgoing = [];
    private bool _brokerUp;
    private DateTimeOffset _nextSafetyScan;

    private LockFleetOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadAsync(stoppingToken);
        var reader = channels.Dispatcher.Reader;
        var batch = new List<FleetInput>(MaxBatch);
        using var drain = new CancellationTokenSource();
        var token = stoppingToken;
        while (!drain.IsCancellationRequested)
        {
            try
            {
                if (stoppingToken.IsCancellationRequested && token == stoppingToken)
                {
                    // SIGTERM: keep delivering what is staged to the locks this instance drives, bounded (LockDispatcher.Drain.cs).
                    token = StartDrain(drain);
                }
                else if (token == drain.Token && IsDrained())
                {
                    // Checked only after the drain's first turn (its outbox scan) has run.
                    break;
                }

                await WaitForWorkAsync(reader, token);
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var input))
                {
                    batch.Add(input);
                }

                // A turn that has started runs to its commit (it is short); cancelling it half-way at shutdown
                // only rolls back work the next start would have to redo.
                await TurnAsync(batch, CancellationToken.None);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping: the next round starts (or ends) the drain.
            }
            catch (Exception e)
            {
                // A failed turn (database busy, a bug) must not stop delivery for good: every lock
                // it touched is retried after a pause, and the outbox still holds the work.
                LockFleetLog.DispatcherTurnFailed(logger, e);
                foreach (var input in batch)
                {
                    Requeue(input);
                }

                await Task.Delay(Options.RetryMinDelay, clock, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        EndDrain();
    }

    private async Task WaitForWorkAsync(System.Threading.Channels.ChannelReader<FleetInput> reader, CancellationToken stoppingToken)
    {
        if (reader.TryPeek(out _))
        {
            return;
        }

        var wait = NextTimer() - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(wait > SafetyScanInterval ? SafetyScanInterval : wait);
        try
        {
            await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // A timer is due.
        }
    }

    private async Task TurnAsync(List<FleetInput> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Commits whose changes were handed over go out first, without the database (LockDispatcher.Direct.cs).
        if (TakeDirect(batch, now))
        {
            PublishOutgoing(now);
            if (batch.Count == 0)
            {
                return;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        _applied.Clear(); // left over only by a failed turn, whose writes were rolled back
        // SQLite: first in line for the write lock; commits that arrive meanwhile are sent at once if they can be.
        await using (var gate = await EnterWriteGateAsync(db, batch, cancellationToken))
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            now = clock.GetUtcNow(); // after waiting for the write lock
            foreach (var input in batch)
            {
                await HandleAsync(db, input, now, cancellationToken);
            }

            await RecordAppliedAsync(db, now, cancellationToken);

            if (now >= _nextSafetyScan)
            {
                await ScanOutboxAsync(db, now, cancellationToken);
                if (ownership.Holds(0))
                {
                    // One instance prunes for all.
                    await DeliveryStore.PruneAsync(db, now, Options.OutboxRetention, cancellationToken);
                }

                PruneTraces(now);
            }

            await RunTimersAsync(db, now, cancellationToken);
            await PlanAsync(db, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        PublishOutgoing(now);
    }

    private void PublishOutgoing(DateTimeOffset now)
    {
        metrics.SetOnline(_byId.Values.Count(l => l.Connectivity == LockConnectivity.Online));
        metrics.SetOutbox(_byId.Values.Count(l => l.PendingSince is not null), _byId.Values.Min(l => l.PendingSince));
        foreach (var (command, runtime) in _outgoing)
        {
            StartPublishing(command, runtime, now);
        }

        _outgoing.Clear();
    }


    /// <summary>Waits for the broker's acknowledgement of a publish started by StartPublishing (which counted it).</summary>
    private async Task ObservePublishAsync(Task<bool> published, CancellationTokenSource timeout, Guid lockId, string commandId)
    {
        try
        {
            if (!await published)
            {
                channels.Signal(new FleetInput.PublishFailed(lockId, commandId));
            }
        }
        finally
        {
            timeout.Dispose();
            Interlocked.Decrement(ref _publishing);
        }
    }

    private void Requeue(FleetInput input)
    {
        switch (input)
        {
            case FleetInput.OutboxCommitted committed:
                foreach (var id in committed.LockIds)
                {
                    MarkDirty(id, clock.GetUtcNow() + Options.RetryMinDelay);
                }

                break;
            case FleetInput.StatusReceived or FleetInput.ReplyReceived:
                channels.Signal(input);
                break;
            default:
                break;
        }
    }

    private void MarkDirty(Guid lockId, DateTimeOffset? notBefore = null)
    {
        if (_byId.TryGetValue(lockId, out var runtime))
        {
            _dirty.Add(lockId);
            if (notBefore is { } at)
            {
                runtime.RetryAt = at;
            }
        }
    }

    private DateTimeOffset NextTimer()
    {
        var next = _nextSafetyScan;
        if (_dirty.Count > 0)
        {
            foreach (var id in _dirty)
            {
                var runtime = _byId[id];
                if (runtime.RetryAt is not { } retry || runtime.Inflight is not null)
                {
                    continue;
                }

                next = retry < next ? retry : next;
            }
        }

        foreach (var runtime in _byId.Values)
        {
            next = Min(next, runtime.DeliveryDeadline);
            next = Min(next, runtime.Inflight?.SentAt + Options.AckTimeout);
            foreach (var unlock in runtime.Unlocks.Values)
            {
                next = Min(next, unlock.ExpiresAt);
                next = Min(next, unlock.SentAt + Options.AckTimeout);
            }
        }

        return next;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } value && value < a ? value : a;

    private TimeSpan BackOff(int attempts)
    {
        var step = Options.RetryMinDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromMilliseconds(Math.Min(step, Options.RetryMaxDelay.TotalMilliseconds));
    }

    /// <summary>
    /// A command to publish (signed on its way out, unless <paramref name="Signed"/> is a token to send
    /// again), the trace it continues, and when it must expire if earlier than the command lifetime.
    /// </summary>
    private sealed record CommandToSend(LockProtocol.Messages.LockCommand Command, LockProtocol.Signing.SignedCommand? Signed, string? TraceParent, DateTimeOffset? ExpiresAt = null);
}
