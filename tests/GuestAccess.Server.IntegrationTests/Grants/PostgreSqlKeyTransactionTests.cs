using GuestAccess.Server.Grants;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>On PostgreSQL a key transaction holds the database-wide key lock (an advisory lock) from its start to its end.</summary>
public sealed class PostgreSqlKeyTransactionTests : IAsyncLifetime
{
    private readonly PgDatabase _database = new();

    public async Task InitializeAsync()
    {
        await using var connection = _database.Open();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, DatabaseProvider.PostgreSql);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Begin_WhileAnotherKeyTransactionIsOpen_WaitsUntilItEnds()
    {
        await using var firstDb = _database.Context();
        var first = await KeyTransaction.BeginAsync(firstDb, CancellationToken.None);
        await using var secondDb = _database.Context();
        var second = KeyTransaction.BeginAsync(secondDb, CancellationToken.None);

        await using (var probe = _database.Open())
        {
            // The second transaction is parked on the advisory lock, not failed and not through.
            await PgLocks.WaitForAdvisoryWaitersAsync(probe, 1);
        }

        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using var secondTransaction = await second.WaitAsync(TimeSpan.FromSeconds(30));
        await using var check = _database.Open();
        Assert.Equal(0, PgLocks.AdvisoryWaiters(check));
    }

    [Fact]
    public async Task Begin_HoldsTheLockBeforeAnyStatement_AndCommitReleasesIt()
    {
        await using var db = _database.Context();
        await using var transaction = await KeyTransaction.BeginAsync(db, CancellationToken.None);
        await using var other = _database.Open();

        Assert.False(TryLock(other));
        await transaction.CommitAsync(CancellationToken.None);
        Assert.True(TryLock(other));
    }

    private static bool TryLock(Npgsql.NpgsqlConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pg_try_advisory_xact_lock({KeyTransaction.AdvisoryLockKey})";
        return (bool)command.ExecuteScalar()!;
    }
}
