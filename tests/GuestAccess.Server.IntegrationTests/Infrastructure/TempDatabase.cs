using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>A SQLite database file in its own temporary directory.</summary>
public sealed class TempDatabase : ITestDatabase
{
    public TempDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("guestaccess-db-").FullName;
        ConnectionString = $"Data Source={Path.Combine(Directory, "test.db")};Pooling=False";
    }

    public string Directory { get; }

    public string ConnectionString { get; }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    System.Data.Common.DbConnection ITestDatabase.Open() => Open();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public GuestAccessDb Context() =>
        new(new DbContextOptionsBuilder<GuestAccessDb>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
