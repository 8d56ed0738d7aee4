using System.Data.Common;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
/// retries until the command timeout. PostgreSQL (when added as a provider): <c>BEGIN</c> then
/// <c>SELECT pg_advisory_xact_lock(…)</c> on the room and on the holder, which serializes the same
/// decisions per room instead of per database; the checks and the code above stay the same.
/// </remarks>
public sealed class KeyTransaction : IAsyncDisposable
{
    private readonly DbTransaction _transaction;
    private readonly IDbContextTransaction _context;

    private KeyTransaction(DbTransaction transaction, IDbContextTransaction context)
    {
        _transaction = transaction;
        _context = context;
    }

    public static async Task<KeyTransaction> BeginAsync(GuestAccessDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        DbTransaction transaction = db.Database.GetDbConnection() switch
        {
            SqliteConnection sqlite => sqlite.BeginTransaction(deferred: false),
            var other => throw new NotSupportedException($"No write-lock strategy for {other.GetType().Name}."),
        };
        var context = await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new KeyTransaction(transaction, context!);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _context.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _transaction.DisposeAsync();
    }
}
