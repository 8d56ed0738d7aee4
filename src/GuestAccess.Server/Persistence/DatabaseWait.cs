using System.Data.Common;
using System.Diagnostics;
using GuestAccess.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// Start-up waits for the database (a PostgreSQL container that is still starting, a volume not
/// mounted yet) instead of failing at once: one connection attempt after another with back-off
/// (250 ms doubling to 5 s), one log line per attempt, until <see cref="DatabaseOptions.StartupTimeout"/>.
/// The log names the provider and the driver's reason, never the connection string.
/// </summary>
internal static partial class DatabaseWait
{
    public static async Task UntilReachableAsync(GuestAccessDb db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                // The ADO.NET connection itself: EF would log every failed attempt as an error.
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync(cancellationToken);
                await connection.CloseAsync();
                if (attempt > 1)
                {
                    LogReachable(logger, options.Provider, attempt, started.Elapsed.TotalSeconds);
                }

                return;
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                reason = e.Message;
            }

            if (started.Elapsed + delay > options.StartupTimeout)
            {
                throw new StartupException($"The {options.Provider} database is not reachable after {attempt} attempts in {started.Elapsed.TotalSeconds:F0} s (Database:StartupTimeout): {reason}");
            }

            LogWaiting(logger, options.Provider, attempt, delay.TotalSeconds, reason);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    [LoggerMessage(EventId = 9510, Level = LogLevel.Warning, Message = "Waiting for the {Provider} database (attempt {Attempt}, next in {DelaySeconds} s): {Reason}")]
    private static partial void LogWaiting(ILogger logger, string provider, int attempt, double delaySeconds, string reason);

    [LoggerMessage(EventId = 9511, Level = LogLevel.Information, Message = "The {Provider} database is reachable (attempt {Attempt}, after {Seconds:F1} s)")]
    private static partial void LogReachable(ILogger logger, string provider, int attempt, double seconds);
}
