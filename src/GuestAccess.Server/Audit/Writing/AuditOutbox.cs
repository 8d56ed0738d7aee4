using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// Audit records written in the transaction of the change they record: committed with it or not
/// at all, and the caller does not wait for the chain's own transaction. The audit writer moves
/// them into the chain right after the commit (<see cref="Committed"/>), at start-up (rows a crash
/// left) and every <see cref="AuditOptions.OutboxScanInterval"/> as a safety net.
/// </summary>
public interface IAuditOutbox
{
    /// <summary>Adds the record to <paramref name="db"/>'s unit of work (saved by its SaveChanges, in its transaction).</summary>
    /// <exception cref="ArgumentException">The entry breaks <see cref="AuditLimits"/> or the naming rules.</exception>
    void Stage(GuestAccessDb db, AuditEntry entry);

    /// <summary>After a transaction with staged records committed: asks the writer to chain them now (does not wait).</summary>
    void Committed();
}

internal sealed class AuditOutbox(AuditWriter writer) : IAuditOutbox
{
    private int _queued;

    public void Stage(GuestAccessDb db, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Set<AuditOutboxRow>().Add(AuditOutboxRow.From(entry));
    }

    public void Committed() => Drain();

    /// <summary>Queues a drain unless one is queued already.</summary>
    internal void Drain()
    {
        // One drain queued at a time is enough: it takes every row committed before it runs.
        if (Interlocked.Exchange(ref _queued, 1) == 0 && !writer.TryEnqueue(new AuditOutboxDrain(this)))
        {
            Volatile.Write(ref _queued, 0); // queue full or stopped: the periodic scan or the next start moves them
        }
    }

    /// <summary>The queued drain has started: a commit from now on needs a drain of its own.</summary>
    internal void Started() => Volatile.Write(ref _queued, 0);
}
