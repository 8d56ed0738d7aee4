using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>A PostgreSQL database of its own in the test cluster, dropped on dispose.</summary>
public sealed class PgDatabase : ITestDatabase
{
    public string ConnectionString { get; } = PostgresCluster.CreateDatabase();

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    System.Data.Common.DbConnection ITestDatabase.Open() => Open();

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public GuestAccessDb Context() =>
        new(new DbContextOptionsBuilder<GuestAccessDb>().UseNpgsql(ConnectionString).Options);

    public void Dispose() => PostgresCluster.DropDatabase(ConnectionString);
}
