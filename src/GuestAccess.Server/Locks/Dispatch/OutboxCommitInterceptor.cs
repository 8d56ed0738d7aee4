using System.Data.Common;
using System.Runtime.CompilerServices;
using GuestAccess.Server.Locks.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Wakes the dispatcher the moment a transaction that wrote outbox rows commits (or, without an
/// explicit transaction, when SaveChanges has written them) — no polling on the hot path. Rows of
/// a rolled-back transaction never wake it. Registered as an EF Core interceptor on GuestAccessDb.
/// </summary>
internal sealed class OutboxCommitInterceptor(FleetChannels channels) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _pending = [];

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
        if (context is null || context.Database.ProviderName != NpgsqlProvider || !_pending.TryGetValue(context, out var locks) || locks.Count == 0)
        {
            yield break;
        }

        foreach (var chunk in locks.Chunk(Ownership.ForwardedSignal.MaxLocks))
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
                _pending.GetOrCreateValue(context).Add(entry.Entity.LockId);
            }
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
        if (context is not null && _pending.TryGetValue(context, out var locks))
        {
            _pending.Remove(context);
            if (locks.Count > 0)
            {
                channels.Signal(new FleetInput.OutboxCommitted(locks));
            }
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
