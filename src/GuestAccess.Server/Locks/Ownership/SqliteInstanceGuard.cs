using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Ownership;

/// <summary>
/// SQLite serves one server instance: a second one on the same database file would drive every
/// lock a second time. At start the instance takes an exclusive lock on <c>{database name}.instance-lock</c> beside the file
/// (flock on Linux, held until the process ends, also by a crash) and refuses to start when another
/// process holds it. Detects instances on one machine (or one shared volume with working locks).
/// </summary>
internal sealed class SqliteInstanceGuard(IOptions<DatabaseOptions> database, IOptions<StorageOptions> storage, ILogger<SqliteInstanceGuard> logger) : IHostedService, IDisposable
{
    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(database.Value.SqliteConnectionString(storage.Value));
        if (source.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source.DataSource) || source.DataSource == ":memory:")
        {
            return Task.CompletedTask;
        }

        var path = Path.ChangeExtension(Path.GetFullPath(source.DataSource), ".instance-lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            ClusterLog.SqliteShared(logger, Path.GetFullPath(source.DataSource));
            throw new InvalidOperationException(
                $"Another GuestAccess server already uses the SQLite database '{Path.GetFullPath(source.DataSource)}'. SQLite serves one server instance; run several on PostgreSQL (Database:Provider=PostgreSql).");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
