using GuestAccess.Server.Hosting;
using GuestAccess.Server.Persistence.Migrations;
using GuestAccess.Server.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// Runs before the server accepts requests: checks the data directory, brings the schema up
/// to date (or refuses to start on an old schema when automatic migration is off) and applies
/// seed data according to <see cref="SeedOptions.Mode"/>. Each failure stops start-up with one
/// message naming the setting or file.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<StorageOptions> storage,
    IOptions<DatabaseOptions> database,
    IOptions<SeedOptions> seed,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureDataDirectory(storage.Value);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        await DatabaseWait.UntilReachableAsync(db, database.Value, logger, cancellationToken);
        await MigrateOrVerifyAsync(scope.ServiceProvider, db, cancellationToken);

        var mode = seed.Value.Mode;
        if (mode == SeedMode.Always || (mode == SeedMode.IfEmpty && !await db.Sites.AnyAsync(cancellationToken)))
        {
            await SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies the seed directory (idempotent). Demo accounts are skipped in Production.</summary>
    public async Task<SeedResult> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = seed.Value;
        SeedSet seeds;
        try
        {
            seeds = SeedReader.ReadDirectory(options.Directory);
        }
        catch (SeedException e)
        {
            throw new StartupException($"Seed data is invalid: {e.Message}", e);
        }

        var accounts = options.DemoAccounts && !environment.IsProduction();
        if (options.DemoAccounts && !accounts)
        {
            LogDemoAccountsSkipped(logger);
        }

        return await services.GetRequiredService<SeedLoader>().ApplyAsync(seeds, accounts, cancellationToken);
    }

    public async Task<MigrationResult> MigrateAsync(GuestAccessDb db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        return await migrator.MigrateAsync(db.Database.GetDbConnection(), database.Value.ParsedProvider, cancellationToken: cancellationToken);
    }

    internal static void EnsureDataDirectory(StorageOptions storage)
    {
        var path = storage.FullDataDirectory;
        for (var parent = Path.GetDirectoryName(path); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new StartupException($"Storage:DataDirectory '{path}' is not usable: '{parent}' is a file, not a directory.");
            }
        }

        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new StartupException($"Storage:DataDirectory '{path}' is not a writable directory: {e.Message}", e);
        }
    }

    private async Task MigrateOrVerifyAsync(IServiceProvider services, GuestAccessDb db, CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            await MigrateAsync(db, services, cancellationToken);
            return;
        }

        var migrator = services.GetRequiredService<SchemaMigrator>();
        var current = await migrator.CurrentVersionAsync(db.Database.GetDbConnection(), database.Value.ParsedProvider, cancellationToken);
        var latest = SchemaMigrator.LatestVersion(database.Value.ParsedProvider);
        if (current != latest)
        {
            throw new StartupException(
                $"The database is at schema version {current} but this server needs {latest}, and Database:MigrateOnStartup is false. Run 'GuestAccess.Server migrate' first.");
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Demo accounts are never created in the Production environment; skipped")]
    private static partial void LogDemoAccountsSkipped(ILogger logger);
}
