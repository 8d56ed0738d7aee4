using System.CommandLine;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Hosting;

/// <summary>
/// The server binary's verbs. Anything the verbs do not recognise (such as --urls or
/// --Storage:DataDirectory=…) is passed on as configuration.
/// </summary>
public static class ServerCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("GuestAccess — Gæstehåndtering 2.0: time-boxed digital keys to public rooms.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((result, ct) => Guarded(() => ServeAsync(result.UnmatchedTokens, ct)));

        var serve = new Command("serve", "Run the server: API, web UI, lock fleet (the default verb).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => Guarded(() => ServeAsync(result.UnmatchedTokens, ct)));

        var migrate = new Command("migrate", "Apply pending database migrations, then exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((result, ct) => Guarded(() => MigrateAsync(result.UnmatchedTokens, ct)));

        var fresh = new Option<bool>("--fresh") { Description = "Delete the SQLite database first and start from an empty one." };
        var seed = new Command("seed", "Apply the seed files (idempotent), then exit.") { fresh };
        seed.TreatUnmatchedTokensAsErrors = false;
        seed.SetAction((result, ct) => Guarded(() => SeedAsync(result.UnmatchedTokens, result.GetValue(fresh), ct)));

        root.Subcommands.Add(serve);
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(seed);
        root.Subcommands.Add(Audit.AuditCommands.Create());
        root.Subcommands.Add(Entries.EntriesCommands.Create());
        root.Subcommands.Add(LocksCli.Create(Guarded));
        // Ctrl+C and SIGTERM cancel the verb's token and the host stops gracefully (the lock outbox
        // drains for up to Cluster:DrainTimeout, at most 5 minutes, inside the host's own shutdown
        // timeout). System.CommandLine's default would end the process 2 s after the signal, in the
        // middle of that; this is only the last resort if a stop hangs.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(6) });
    }

    private static async Task<int> ServeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build([.. args]);

        // The signal asks the host to stop; it is not passed into the host, because a token given to
        // RunAsync is linked into every background service's stopping token and would cancel them
        // all at once, before the host's ordered stop (dispatcher drain first, MQTT and audit last).
        using var stop = cancellationToken.Register(app.Lifetime.StopApplication);
        try
        {
            await app.StartAsync(CancellationToken.None);
        }
        catch (Exception e) when (app.Lifetime.ApplicationStopping.IsCancellationRequested && IsCancellation(e))
        {
            // A signal during start-up cancels the start (the web server last); what already runs
            // still gets its ordered stop below instead of being disposed under its feet.
            HostingLog.StoppedWhileStarting(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerCli)));
        }

        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is AggregateException aggregate && aggregate.InnerExceptions.All(IsCancellation));

    private static async Task<int> MigrateAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build([.. args]);
        var (db, scope) = Prepare(app);
        await using (scope)
        {
            var result = await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(db, scope.ServiceProvider, cancellationToken);
            Console.WriteLine(result.Applied.Count == 0
                ? $"The database is up to date at schema version {result.ToVersion}."
                : $"Migrated from schema version {result.FromVersion} to {result.ToVersion}: {string.Join(", ", result.Applied.Select(m => $"{m.Version:D4}_{m.Name}"))}.");
        }

        return 0;
    }

    private static async Task<int> SeedAsync(IReadOnlyList<string> args, bool fresh, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build([.. args]);
        if (fresh)
        {
            DeleteSqliteDatabase(app.Services);
        }

        var (db, scope) = Prepare(app);
        await using (scope)
        {
            var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(db, scope.ServiceProvider, cancellationToken);
            var result = await initializer.SeedAsync(scope.ServiceProvider, cancellationToken);
            Console.WriteLine($"Seed applied: {result.Created} created, {result.Updated} updated, {result.AccountsCreated} demo accounts created.");
        }

        return 0;
    }

    private static (GuestAccessDb Db, AsyncServiceScope Scope) Prepare(WebApplication app)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        DatabaseInitializer.EnsureDataDirectory(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value);
        var scope = app.Services.CreateAsyncScope();
        return (scope.ServiceProvider.GetRequiredService<GuestAccessDb>(), scope);
    }

    private static void DeleteSqliteDatabase(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (database.ParsedProvider != DatabaseProvider.Sqlite)
        {
            throw new StartupException("seed --fresh only deletes SQLite databases; drop other databases with their own tools.");
        }

        var file = new SqliteConnectionStringBuilder(database.SqliteConnectionString(storage)).DataSource;
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }

        Console.WriteLine($"Deleted {file}.");
    }

    /// <summary>For verbs whose standard output is data (reports, JSON Lines): every log line goes to standard error.</summary>
    internal static void LogToStandardError(WebApplicationBuilder builder) =>
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

    // Operator mistakes get one clear line on stderr and exit code 2, not a stack trace.
    internal static async Task<int> Guarded(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await Console.Error.WriteLineAsync($"GuestAccess cannot start: {message}");
            return 2;
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        StartupException startup => startup.Message,
        OptionsValidationException options => string.Join(" ", options.Failures),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => null,
    };
}
