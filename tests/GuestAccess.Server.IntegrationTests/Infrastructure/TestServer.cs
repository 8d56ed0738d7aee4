using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The real server on Kestrel, bound to an OS-chosen loopback port, with its own temporary data
/// directory and SQLite file. Disposing it stops the server, fails the test if any component
/// logged an unexpected error, and deletes the data.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
