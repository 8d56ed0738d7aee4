using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The real server on Kestrel, bound to an OS-chosen loopback port, with its own temporary data
/// directory and SQLite file — or, when <c>GUESTACCESS_TEST_PROVIDER=PostgreSql</c>, its own
/// database in the test PostgreSQL cluster (remembered in the data directory, so a restart on the
/// same directory finds the same database). Disposing it stops the server, fails the test if any
/// component logged an unexpected error, and deletes the data.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The provider every test server runs on: <c>GUESTACCESS_TEST_PROVIDER</c>, SQLite by default.</summary>
    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("GUESTACCESS_TEST_PROVIDER"), ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    private const string PostgresMarker = ".test-postgres";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TestServer(WebApplication app, string dataDirectory, bool ownsDirectory, CapturingLoggerProvider logs)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        DataDirectory = dataDirectory;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Error log entries the test expects (event ids); anything else fails the test on dispose.</summary>
    public HashSet<int> ExpectedErrorEvents { get; } = [];

    /// <summary>Starts a server. Pass a data directory to reuse one (e.g. to test a restart).</summary>
    public static Task<TestServer> StartAsync(string? dataDirectory = null, params string[] settings) => StartWithServicesAsync(null, dataDirectory, settings);

    /// <summary>Starts a server with extra service registrations (a manual clock, say), which win over the server's own.</summary>
    public static async Task<TestServer> StartWithServicesAsync(Action<IServiceCollection>? services, string? dataDirectory, params string[] settings)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("guestaccess-test-").FullName;
        var logs = new CapturingLoggerProvider();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            $"--Storage:DataDirectory={dataDirectory}",
            // Every test comes from 127.0.0.1: lift the per-address limits (RateLimitTests set their own).
            "--Identity:RateLimits:Login:PermitLimit=100000",
            "--Identity:RateLimits:Token:PermitLimit=100000",
            "--Mqtt:Broker:Port=0",
            .. DatabaseSettings(dataDirectory),
            .. settings,
        ];
        var app = ServerApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders().AddProvider(logs);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new TestServer(app, dataDirectory, owns, logs);
    }

    /// <summary>The PostgreSQL connection string of this server's database (PostgreSQL runs only).</summary>
    public string PostgresConnectionString => File.ReadAllText(Path.Combine(DataDirectory, PostgresMarker));

    private static string[] DatabaseSettings(string dataDirectory)
    {
        if (Provider != DatabaseProvider.PostgreSql)
        {
            return [];
        }

        var marker = Path.Combine(dataDirectory, PostgresMarker);
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, PostgresCluster.CreateDatabase());
        }

        return ["--Database:Provider=PostgreSql", $"--Database:ConnectionString={File.ReadAllText(marker)}"];
    }

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Stops the server but keeps its data directory (to start another server on it).</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by the test.
        }

        if (_ownsDirectory)
        {
            if (Provider == DatabaseProvider.PostgreSql)
            {
                PostgresCluster.DropDatabase(PostgresConnectionString);
            }

            Directory.Delete(DataDirectory, recursive: true);
        }

        var entries = Logs.Entries.ToList();
        var unexpected = entries.FindIndex(e => e.Level >= LogLevel.Error && !ExpectedErrorEvents.Contains(e.EventId.Id));
        Assert.True(
            unexpected < 0,
            "The server logged unexpected errors (shown with the entries before the first one, warnings and up):\n"
            + string.Join("\n", entries.Skip(Math.Max(0, unexpected - 40)).Where(e => e.Level >= LogLevel.Warning || entries.IndexOf(e) >= unexpected - 6)
                .Select(e => $"{e.Level} {e.Category}[{e.EventId.Id}] {e.Message} {e.Exception}")));
    }
}
