using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Persistence;

/// <summary>Who waits for SQLite's write lock: served in this order when several wait.</summary>
internal enum WritePriority
{
    /// <summary>The lock fleet's dispatcher: a committed key waits for it to reach the door.</summary>
    Delivery = 0,

    /// <summary>A caller waits for the answer (a booking, a grant, a revocation); also the recording of lock replies and statuses, in turn with them.</summary>
    Request = 1,

    /// <summary>Work nobody waits for at this moment (the audit outbox drain, notifications).</summary>
    Background = 2,
}

/// <summary>
/// Hands SQLite's single write lock from one writer of this process to the next the moment it is
/// free, in priority order (<see cref="WritePriority"/>), first come first served within a
/// priority; a writer passed over for longer than <see cref="MaxPassedOver"/> goes next. Without it, writers that meet a held lock poll with SQLite's busy handler, which
/// sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms between tries: a writer behind a 2 ms
/// transaction often slept 8 ms, and one that kept losing the race slept for a second (measured
/// in the grants benchmark, docs/bookings.md). One gate per database file and process; writers of
/// other processes (the CLI) still meet SQLite's own busy wait, which stays as the fallback, and
/// so do the writers that do not take the gate (rare administrative changes).
/// </summary>
/// <remarks>
/// Take the gate just before <c>BEGIN IMMEDIATE</c> and dispose the lease after the commit or
/// rollback. A holder must not wait for another writer of the same database: with or without the
/// gate that waits until the timeout (SQLite's write lock is held all the same).
/// </remarks>
internal sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Files = new(StringComparer.Ordinal);

    /// <summary>How long a waiter may be passed over by more urgent ones before it goes first.</summary>
    internal static readonly TimeSpan MaxPassedOver = TimeSpan.FromMilliseconds(200);

    private readonly Lock _sync = new();
    private readonly Queue<Waiter>[] _queues = [new(), new(), new()];
    private bool _held;

    /// <summary>The gate of <paramref name="connection"/>'s database file; null for PostgreSQL and in-memory databases.</summary>
    public static SqliteWriteGate? For(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not SqliteConnection sqlite)
        {
            return null;
        }

        var file = Files.GetOrAdd(sqlite.ConnectionString, static text =>
        {
            var builder = new SqliteConnectionStringBuilder(text);
            return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? string.Empty : Path.GetFullPath(builder.DataSource);
        });
        return file.Length == 0 ? null : Gates.GetOrAdd(file, static _ => new SqliteWriteGate());
    }

    /// <summary>
    /// Waits for the gate of <paramref name="db"/>'s database (timing out after the connection's
    /// <c>Default Timeout</c>, like SQLite would); null on PostgreSQL. Dispose the lease after the commit.
    /// </summary>
    public static async ValueTask<Lease?> EnterAsync(GuestAccessDb db, WritePriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        return connection is SqliteConnection sqlite && For(connection) is { } gate
            ? await gate.EnterAsync(priority, TimeSpan.FromSeconds(Math.Max(sqlite.DefaultTimeout, 1)), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Waits for the gate; the lease gives it back. Times out like SQLite would (SQLITE_BUSY).</summary>
    public async ValueTask<Lease> EnterAsync(WritePriority priority, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (TryEnter(priority, out var waiter))
        {
            return new Lease(this);
        }

        try
        {
            await waiter.Granted.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Abandon(waiter);
            throw e is TimeoutException ? Busy(timeout) : e;
        }

        return new Lease(this);
    }

    /// <summary>The blocking <see cref="EnterAsync(WritePriority, TimeSpan, CancellationToken)"/>, for a writer on its own thread (the audit writer).</summary>
    public Lease Enter(WritePriority priority, TimeSpan timeout)
    {
        if (TryEnter(priority, out var waiter))
        {
            return new Lease(this);
        }

        if (!waiter.Granted.Task.Wait(timeout))
        {
            Abandon(waiter);
            throw Busy(timeout);
        }

        return new Lease(this);
    }

    private bool TryEnter(WritePriority priority, out Waiter waiter)
    {
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                waiter = null!;
                return true;
            }

            waiter = new Waiter();
            _queues[(int)priority].Enqueue(waiter);
            return false;
        }
    }

    /// <summary>A waiter that gave up: skipped by <see cref="Release"/>, or, granted in the meantime, the gate goes on to the next.</summary>
    private void Abandon(Waiter waiter)
    {
        bool granted;
        lock (_sync)
        {
            granted = waiter.Granted.Task.IsCompleted;
            waiter.Abandoned = true;
        }

        if (granted)
        {
            Release();
        }
    }

    private void Release()
    {
        lock (_sync)
        {
            var next = Overdue() ?? Next();
            if (next is null)
            {
                _held = false;
                return;
            }

            // Still held: ownership passes straight to the waiter (its continuation runs on the thread pool).
            next.Granted.TrySetResult();
        }
    }

    /// <summary>A less urgent writer that has waited longer than <see cref="MaxPassedOver"/> goes next: busy hours must not starve it.</summary>
    private Waiter? Overdue()
    {
        for (var priority = _queues.Length - 1; priority > 0; priority--)
        {
            var queue = _queues[priority];
            Waiter? head;
            while (queue.TryPeek(out head) && head.Abandoned)
            {
                queue.Dequeue();
            }

            if (head is { Abandoned: false } && Stopwatch.GetElapsedTime(head.Since) > MaxPassedOver)
            {
                return queue.Dequeue();
            }
        }

        return null;
    }

    private Waiter? Next()
    {
        foreach (var queue in _queues)
        {
            while (queue.TryDequeue(out var next))
            {
                if (!next.Abandoned)
                {
                    return next;
                }
            }
        }

        return null;
    }

    private static SqliteException Busy(TimeSpan timeout) =>
        new($"database is locked: no write lock within {timeout.TotalSeconds:0.#} s", 5 /* SQLITE_BUSY */);

    private sealed class Waiter
    {
        public long Since { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Abandoned { get; set; }
    }

    /// <summary>Holds the gate until disposed (once).</summary>
    public sealed class Lease : IDisposable, IAsyncDisposable
    {
        private SqliteWriteGate? _gate;

        internal Lease(SqliteWriteGate gate) => _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
