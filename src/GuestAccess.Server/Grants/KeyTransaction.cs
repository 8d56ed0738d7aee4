using System.Data.Common;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace GuestAccess.Server.Grants;

/// <summary>
/// The transaction every booking and key change runs in. It takes the write lock first, so the
/// checks made inside it (overlapping bookings, a citizen's active bookings, PIN uniqueness on
/// the doors) still hold when it commits: two requests for the same slot are serialized and
/// exactly one wins.
/// </summary>
/// <remarks>
/// SQLite: <c>BEGIN IMMEDIATE</c> takes the database's single write lock up front (a deferred
/// transaction would read, then fail or overwrite when upgrading to a writer). A waiting writer
/// retries until the command timeout; writers of this process queue for it in
/// <see cref="SqliteWriteGate"/> first. PostgreSQL: <c>BEGIN</c> (read committed) then
/// <c>SELECT pg_advisory_xact_lock(…)</c> on one key shared by every key transaction of the
/// database, from every server instance: the same serialization as SQLite's write lock, so the
/// checks and the code above stay the same; the lock ends with the transaction. Other writers (the
/// lock fleet, administration) are not held up by it, as they are on SQLite.
/// </remarks>
public sealed class KeyTransaction : IAsyncDisposable
{
    /// <summary>The PostgreSQL advisory lock key of key transactions ("GAkeytxn" as a 64-bit number).</summary>
    internal const long AdvisoryLockKey = 0x47416B657974786E;

    private readonly DbTransaction _transaction;
    private readonly IDbContextTransaction _context;
    private readonly SqliteWriteGate.Lease? _gate;

    private KeyTransaction(DbTransaction transaction, IDbContextTransaction context, SqliteWriteGate.Lease? gate)
    {
        _transaction = transaction;
        _context = context;
        _gate = gate;
    }

    public static async Task<KeyTransaction> BeginAsync(GuestAccessDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var gate = await SqliteWriteGate.EnterAsync(db, WritePriority.Request, cancellationToken);
        try
        {
            DbTransaction transaction = db.Database.GetDbConnection() switch
            {
                SqliteConnection sqlite => sqlite.BeginTransaction(deferred: false),
                NpgsqlConnection postgres => await BeginLockedAsync(postgres, cancellationToken),
                var other => throw new NotSupportedException($"No write-lock strategy for {other.GetType().Name}."),
            };
            var context = await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return new KeyTransaction(transaction, context!, gate);
        }
        catch
        {
            gate?.Dispose();
            throw;
        }
    }

    private static async Task<DbTransaction> BeginLockedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _context.CommitAsync(cancellationToken);
        _gate?.Dispose(); // the next writer need not wait for the caller's work after the commit
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.DisposeAsync();
            await _transaction.DisposeAsync();
        }
        finally
        {
            _gate?.Dispose();
        }
    }
}
