using System.Data.Common;
using System.Runtime.CompilerServices;
using GuestAccess.Server.Locks.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Wakes the dispatcher the moment a transaction that wrote outbox rows commits (or, without an
/// explicit transaction, when SaveChanges has written them) — no polling on the hot path — and
/// hands it the <see cref="Fleet.DirectDelta"/>s staged in it. Rows of a rolled-back transaction
/// never wake it. Registered as an EF Core interceptor on GuestAccessDb.
/// </summary>
internal sealed class OutboxCommitInterceptor(FleetChannels channels) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly ConditionalWeakTable<DbContext, PendingSignal> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        FlushUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransaction(eventData.Context);
        return result;
    }

    /// <summary>
    /// PostgreSQL: the commit itself tells every server instance (NOTIFY is delivered at commit, never
    /// for a rollback), so the instance that drives the lock wakes up even when this process runs
    /// no dispatcher (a CLI, a process that only stages). Locks/Ownership/PostgresOwnershipCoordinator listens.
    /// </summary>
    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        foreach (var command in NotifyCommands(transaction, eventData.Context))
        {
            await using (command)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        foreach (var command in NotifyCommands(transaction, eventData.Context))
        {
            using (command)
            {
                command.ExecuteNonQuery();
            }
        }

        return result;
    }

    private IEnumerable<DbCommand> NotifyCommands(DbTransaction transaction, DbContext? context)
    {
        if (context is null || context.Database.ProviderName != NpgsqlProvider || !_pending.TryGetValue(context, out var pending) || pending.Locks.Count == 0)
        {
            yield break;
        }

        foreach (var chunk in pending.Locks.Chunk(Ownership.ForwardedSignal.MaxLocks))
        {
            var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_notify('{Ownership.ForwardedSignal.Channel}', @payload)";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "payload";
            parameter.Value = Ownership.ForwardedSignal.Format(Ownership.FleetSignal.OutboxCommitted, chunk);
            command.Parameters.Add(parameter);
            yield return command;
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<LockOutboxMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                var pending = _pending.GetOrCreateValue(context);
                pending.Locks.Add(entry.Entity.LockId);
                if (entry.Entity.Kind != LockOutboxKind.Credentials)
                {
                    pending.Unlocks.Add(entry.Entity.LockId);
                }
            }
        }

        // Staged before this save: their rows are written by it (a delta staged after the last save never is, and is dropped).
        if (context is Persistence.GuestAccessDb db && db.StagedDeltas.Count > 0)
        {
            _pending.GetOrCreateValue(context).Deltas.AddRange(db.StagedDeltas);
            db.StagedDeltas.Clear();
        }
    }

    private void FlushUnlessInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
    }

    private void Flush(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            _pending.Remove(context);
            if (pending.Locks.Count > 0)
            {
                // Only deltas whose outbox rows this commit wrote; a lock given two deltas by one change is planned from the database.
                var deltas = pending.Deltas.Where(d => pending.Locks.Contains(d.LockId)).GroupBy(d => d.LockId).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
                channels.Signal(new FleetInput.OutboxCommitted(pending.Locks, Deltas: deltas, Unlocks: pending.Unlocks));
            }
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
            (context as Persistence.GuestAccessDb)?.StagedDeltas.Clear();
        }
    }

    /// <summary>What a unit of work wrote for the dispatcher until its commit.</summary>
    private sealed class PendingSignal
    {
        public HashSet<Guid> Locks { get; } = [];

        /// <summary>Locks that also got a remote unlock (the dispatcher reads those rows).</summary>
        public HashSet<Guid> Unlocks { get; } = [];

        public List<Fleet.DirectDelta> Deltas { get; } = [];
    }
}
