using System.Data.Common;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>An empty database of its own for one test, on either provider.</summary>
public interface ITestDatabase : IDisposable
{
    DatabaseProvider Provider { get; }

    string ConnectionString { get; }

    DbConnection Open();

    GuestAccessDb Context();

    static ITestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new TempDatabase(),
        DatabaseProvider.PostgreSql => new PgDatabase(),
    };
}
