using System.Data.Common;
using System.Globalization;
using GuestAccess.Server.Hosting;

namespace GuestAccess.Server.Persistence.Migrations;

/// <summary>What a migration run found and did.</summary>
public sealed record MigrationResult(int FromVersion, int ToVersion, IReadOnlyList<Migration> Applied);

/// <summary>
/// Applies the embedded, versioned SQL migrations in order, each in its own transaction, and
/// records them in <c>schema_migrations</c> with a checksum. Refuses to run against a database
/// whose applied scripts were edited, or that is newer than this server. Two servers starting
/// together migrate once: SQLite serializes the migration transactions on its write lock (and
/// each re-reads the history inside its transaction); PostgreSQL holds a session advisory lock
/// for the whole run.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    private const string HistoryTable = "schema_migrations";

    /// <summary>The PostgreSQL advisory lock key of schema migration ("GAmigrat" as a 64-bit number).</summary>
    internal const long AdvisoryLockKey = 0x47416D6967726174;

    public async Task<MigrationResult> MigrateAsync(DbConnection connection, DatabaseProvider provider, int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        var migrations = Migration.Load(provider);
        var target = targetVersion ?? migrations.Count;
        if (target < 0 || target > migrations.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), $"Target version {target} does not exist (latest is {migrations.Count}).");
        }

        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await LockAsync(connection, provider, cancellationToken);
        try
        {
            return await MigrateLockedAsync(connection, provider, migrations, target, cancellationToken);
        }
        finally
        {
            await UnlockAsync(connection, provider);
        }
    }

    private async Task<MigrationResult> MigrateLockedAsync(DbConnection connection, DatabaseProvider provider, IReadOnlyList<Migration> migrations, int target, CancellationToken cancellationToken)
    {
        await PrepareAsync(connection, provider, cancellationToken);
        var from = Verify(migrations, await ReadAppliedAsync(connection, null, cancellationToken));
        var applied = new List<Migration>();
        foreach (var migration in migrations.Where(m => m.Version > from && m.Version <= target))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Another process may have migrated while we waited for the write lock.
            if ((await ReadAppliedAsync(connection, transaction, cancellationToken)).ContainsKey(migration.Version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {HistoryTable} (version, name, checksum, applied_at) VALUES ({migration.Version}, '{migration.Name}', '{migration.Checksum}', '{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}')",
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, migration.Version, migration.Name);
            applied.Add(migration);
        }

        return new MigrationResult(from, Math.Max(from, applied.LastOrDefault()?.Version ?? from), applied);
    }

    /// <summary>The schema version of a database (0 when it has never been migrated).</summary>
    public async Task<int> CurrentVersionAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken = default)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await LockAsync(connection, provider, cancellationToken);
        try
        {
            await PrepareAsync(connection, provider, cancellationToken);
            var applied = await ReadAppliedAsync(connection, null, cancellationToken);
            return applied.Count == 0 ? 0 : applied.Keys.Max();
        }
        finally
        {
            await UnlockAsync(connection, provider);
        }
    }

    public static int LatestVersion(DatabaseProvider provider) => Migration.Load(provider).Count;

    private static int Verify(IReadOnlyList<Migration> migrations, IReadOnlyDictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            if (version > migrations.Count)
            {
                throw new StartupException(
                    $"The database is at schema version {applied.Keys.Max()}, newer than this server knows ({migrations.Count}). Run a newer GuestAccess.");
            }

            var migration = migrations[version - 1];
            if (migration.Checksum != checksum)
            {
                throw new StartupException(
                    $"Migration {version:D4}_{migration.Name}.sql was changed after it was applied to this database. Shipped migrations must never be edited; add a new one.");
            }
        }

        return applied.Count == 0 ? 0 : applied.Keys.Max();
    }

    private static async Task PrepareAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var sql = provider switch
        {
            // WAL: readers never block the writer; persistent for the database file.
            DatabaseProvider.Sqlite => "PRAGMA journal_mode=WAL;",
            DatabaseProvider.PostgreSql => "SET client_min_messages = warning;",
        };
        await ExecuteAsync(connection, null, sql, cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL);",
            cancellationToken);
    }

    // PostgreSQL: one migrating session at a time; another instance waits here, then finds the work done.
    private static Task LockAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken) => provider switch
    {
        DatabaseProvider.PostgreSql => ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken),
        DatabaseProvider.Sqlite => Task.CompletedTask,
    };

    private static Task UnlockAsync(DbConnection connection, DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql when connection.State == System.Data.ConnectionState.Open =>
            ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None),
        _ => Task.CompletedTask,
    };

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version, checksum FROM {HistoryTable} ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
