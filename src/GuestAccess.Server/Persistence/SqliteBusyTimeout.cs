using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>PRAGMA busy_timeout</c>, the connection's
/// <c>Default Timeout</c>) on every connection <see cref="GuestAccessDb"/> opens. Without it
/// Microsoft.Data.Sqlite retries a busy statement after a fixed 150 ms sleep, so a writer that met
/// another one (the audit writer's fsync, a booking) lost 150 ms even when the lock was free a
/// millisecond later — most of a grant's way to the lock (docs/bookings.md, benchmark). SQLite's
/// own handler retries within milliseconds.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command?.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        if (command is not null)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static SqliteCommand? Command(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return null;
        }

        var command = sqlite.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={Math.Max(sqlite.DefaultTimeout, 1) * 1000};");
        return command;
    }
}
