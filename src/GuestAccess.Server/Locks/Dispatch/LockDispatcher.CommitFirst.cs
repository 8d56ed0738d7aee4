using System.Data;
using System.Data.Common;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// The hot path of a new grant or revocation: before a turn's database transaction, the commit
/// signals of known, reachable, idle locks are planned in a read-only snapshot and published at
/// once. That takes no write lock, so the command never queues behind the committing request's
/// audit record, another writer's fsync or the turn's own writes; and it writes nothing, so a
/// crash loses nothing: the committed outbox rows stay the durable truth (the safety scan and the
/// start-up load deliver them again), and the acknowledgement is recorded by the turn that handles
/// it, as before. A signal for a lock with anything else going on — unknown, offline, a command in
/// flight, a remote unlock, a status or reply in the same batch, over capacity — stays in the batch
/// for the normal turn, as does everything when a timer or the safety scan is due.
/// </summary>
internal sealed partial class LockDispatcher
{
    /// <summary>Publishes what it can of <paramref name="batch"/> and removes it; true when nothing is left for a normal turn.</summary>
    private async Task<bool> PublishCommittedFirstAsync(List<FleetInput> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Eligible(batch, now) is not { Count: > 0 } eligible)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var ready = new List<(FleetInput.OutboxCommitted Input, List<(LockRuntime Runtime, PlannedCommand? Plan, string? Trace)> Plans)>();
        await using (await ReadSnapshot.BeginAsync(db, cancellationToken))
        {
            var ids = eligible.SelectMany(c => c.LockIds).ToList();
            var unlocking = await db.LockOutbox().Where(m => ids.Contains(m.LockId) && m.Kind == LockOutboxKind.RemoteUnlock && m.CompletedAt == null)
                .Select(m => m.LockId).Distinct().ToListAsync(cancellationToken);
            var planned = new HashSet<Guid>();
            foreach (var committed in eligible.Where(c => !c.LockIds.Any(id => unlocking.Contains(id) || planned.Contains(id))))
            {
                if (await PlanAllAsync(db, committed.LockIds.Select(id => _byId[id]), now, cancellationToken) is { } plans)
                {
                    ready.Add((committed, plans));
                    planned.UnionWith(committed.LockIds);
                }
            }
        }

        // Nothing has changed so far; from here on this is what OnCommittedAsync and PlanAsync do.
        foreach (var (input, plans) in ready)
        {
            batch.Remove(input);
            foreach (var (runtime, plan, trace) in plans)
            {
                runtime.DeliveryDeadline ??= now + Options.AckTimeout;
                runtime.PendingSince ??= now;
                _dirty.Remove(runtime.Id);
                if (plan is not null)
                {
                    Send(runtime, plan, trace, now);
                }
            }
        }

        foreach (var (command, runtime) in _outgoing)
        {
            StartPublishing(command, runtime, now);
        }

        _outgoing.Clear();
        metrics.SetOutbox(_byId.Values.Count(l => l.PendingSince is not null), _byId.Values.Min(l => l.PendingSince));
        return batch.Count == 0 && _dirty.All(id => Waiting(_byId[id], now));
    }

    /// <summary>Each lock's plan, or null when one of them is over capacity (the normal turn records that and parks the lock).</summary>
    private static async Task<List<(LockRuntime Runtime, PlannedCommand? Plan, string? Trace)>?> PlanAllAsync(
        GuestAccessDb db, IEnumerable<LockRuntime> locks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plans = new List<(LockRuntime, PlannedCommand?, string?)>();
        foreach (var runtime in locks)
        {
            try
            {
                var plan = await SyncPlanner.PlanAsync(db, runtime, now, cancellationToken);
                plans.Add((runtime, plan, plan is null ? null : await OldestTraceAsync(db, runtime.Id, cancellationToken)));
            }
            catch (LockCapacityException)
            {
                return null;
            }
        }

        return plans;
    }

    /// <summary>The commit signals of the batch whose every lock can take the fast path.</summary>
    private List<FleetInput.OutboxCommitted>? Eligible(List<FleetInput> batch, DateTimeOffset now)
    {
        if (!_brokerUp || now >= _nextSafetyScan || NextTimer() <= now || batch.Any(i => i is FleetInput.BrokerConnection))
        {
            return null;
        }

        var busy = new HashSet<Guid>();
        foreach (var input in batch)
        {
            var id = input switch
            {
                FleetInput.StatusReceived status => _byWire.GetValueOrDefault(status.LockId)?.Id,
                FleetInput.ReplyReceived reply => _byWire.GetValueOrDefault(reply.LockId)?.Id,
                FleetInput.PublishFailed failed => failed.LockId,
                FleetInput.LockChanged changed => changed.LockId,
                _ => null,
            };
            if (id is { } busyId)
            {
                busy.Add(busyId);
            }
        }

        return batch.OfType<FleetInput.OutboxCommitted>()
            .Where(c => c.LockIds.Count > 0 && c.LockIds.All(id => !busy.Contains(id) && ownership.Owns(id) && _byId.TryGetValue(id, out var runtime) && runtime.Owned && Idle(runtime)))
            .ToList();
    }

    private static bool Idle(LockRuntime runtime) =>
        runtime.IsReachable && runtime.Inflight is null && !runtime.Parked && runtime.RetryAt is null && runtime.Unlocks.Count == 0;

    /// <summary>A dirty lock the normal turn would not plan now either.</summary>
    private static bool Waiting(LockRuntime runtime, DateTimeOffset now) =>
        !runtime.IsReachable || runtime.RetryAt > now || (runtime.Inflight is not null && runtime.Unlocks.Values.All(u => u.SentAt is not null));

    /// <summary>A consistent read-only snapshot: SQLite <c>BEGIN DEFERRED</c> (no write lock), PostgreSQL repeatable read.</summary>
    private sealed class ReadSnapshot(IDbContextTransaction context, DbTransaction? own) : IAsyncDisposable
    {
        public static async Task<ReadSnapshot> BeginAsync(GuestAccessDb db, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                var deferred = sqlite.BeginTransaction(deferred: true);
                return new ReadSnapshot((await db.Database.UseTransactionAsync(deferred, cancellationToken))!, deferred);
            }

            return new ReadSnapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken), null);
        }

        public async ValueTask DisposeAsync()
        {
            // Read only: ending it without a commit releases the snapshot.
            await context.DisposeAsync();
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
