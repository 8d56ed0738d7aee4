using GuestAccess.Server.Grants;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Server.IntegrationTests.Grants;

public sealed class KeyTransactionTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Begin_BeforeAnyStatement_AlreadyHoldsTheWriteLock()
    {
        await using (var connection = _database.Open())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, GuestAccess.Server.Persistence.DatabaseProvider.Sqlite);
        }

        await using var db = _database.Context();
        await using var transaction = await KeyTransaction.BeginAsync(db, CancellationToken.None);
        await using var other = new SqliteConnection(_database.ConnectionString + ";Default Timeout=1");
        await other.OpenAsync();
        await using var write = other.CreateCommand();
        write.CommandText = "BEGIN IMMEDIATE";

        var error = await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY: the key transaction holds the lock without having written yet
    }

    [Fact]
    public async Task Dispose_WithoutCommit_ReleasesTheLock()
    {
        await using (var connection = _database.Open())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, GuestAccess.Server.Persistence.DatabaseProvider.Sqlite);
        }

        await using (var db = _database.Context())
        {
            await using var transaction = await KeyTransaction.BeginAsync(db, CancellationToken.None);
        }

        await using var other = new SqliteConnection(_database.ConnectionString + ";Default Timeout=1");
        await other.OpenAsync();
        await using var write = other.CreateCommand();
        write.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";

        Assert.Null(await Record.ExceptionAsync(() => write.ExecuteNonQueryAsync()));
    }
}
