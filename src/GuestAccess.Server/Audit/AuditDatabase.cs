using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit;

/// <summary>Connections to the database that holds the audit log, for the writer and for readers.</summary>
public sealed class AuditDatabase(IOptions<DatabaseOptions> database, IOptions<StorageOptions> storage)
{
    public string ConnectionString { get; } = database.Value.ParsedProvider switch
    {
        DatabaseProvider.Sqlite => database.Value.SqliteConnectionString(storage.Value),
    };

    /// <summary>A pooled connection for reading (queries, verification, lookups).</summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    internal AuditStore OpenStore() => AuditStore.Open(ConnectionString);
}
