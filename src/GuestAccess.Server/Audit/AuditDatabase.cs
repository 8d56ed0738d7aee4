using System.Data.Common;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuestAccess.Server.Audit;

/// <summary>Connections to the database that holds the audit log, for the writer and for readers.</summary>
public sealed class AuditDatabase(IOptions<DatabaseOptions> database, IOptions<StorageOptions> storage)
{
    public DatabaseProvider Provider { get; } = database.Value.ParsedProvider;

    public string ConnectionString { get; } = database.Value.ParsedProvider switch
    {
        DatabaseProvider.Sqlite => database.Value.SqliteConnectionString(storage.Value),
        DatabaseProvider.PostgreSql => database.Value.ConnectionString!,
    };

    /// <summary>A pooled connection for reading (queries, verification, lookups).</summary>
    public DbConnection OpenRead()
    {
        DbConnection connection = Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
            DatabaseProvider.PostgreSql => new NpgsqlConnection(ConnectionString),
        };
        connection.Open();
        return connection;
    }

    internal AuditStore OpenStore() => AuditStore.Open(ConnectionString, Provider);
}
