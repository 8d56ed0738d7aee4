using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Web.Tests.Support;

/// <summary>
/// The real GuestAccess server for one test class: Kestrel on loopback (OS-chosen port), the
/// embedded broker (OS-chosen port), SQLite and keys in a temporary directory, the seed data with
/// the demo accounts (Development), and the real simulator for the locks a test needs.
/// Disposing stops it all, deletes the directory and fails if anything logged an unexpected error.
/// </summary>
public sealed class WebApp : IAsyncLifetime
{
    private readonly List<LockFleetSimulator> _simulators = [];
    private readonly Dictionary<string, SimulatedLock> _locks = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private ILoggerFactory? _simulatorLoggers;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("ga-web-").FullName;

    public ServerLogs Logs { get; } = new();

    /// <summary>Error event ids a test provokes on purpose (e.g. 8010, an exception on a page).</summary>
    public HashSet<int> ExpectedErrors { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            $"--Storage:DataDirectory={DataDirectory}",
            "--Mqtt:Broker:Port=0",
            "--Identity:RateLimits:Login:PermitLimit=10000",
            "--Identity:RateLimits:Token:PermitLimit=10000",
            "--Identity:RateLimits:Booking:PermitLimit=10000",
        ];
        _app = ServerApp.Build(args, builder => builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task<T> WithDbAsync<T>(Func<GuestAccessDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<GuestAccessDb>());
    }

    /// <summary>
    /// The simulated lock controllers for the given locks (from the server's development
    /// provisioning bundle), started once per server: a lock an earlier test of the class started
    /// is the same controller (two controllers with one identity would take each other's broker session).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SimulatedLock>> StartLocksAsync(params string[] lockIds)
    {
        var missing = lockIds.Where(id => !_locks.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var bundle = ProvisioningBundle.Parse(await File.ReadAllTextAsync(DevProvisioningBundle.PathIn(DataDirectory)));
            bundle = bundle with { Locks = bundle.Locks.Where(l => missing.Contains(l.Lock.Value)).ToList() };
            Assert.Equal(missing.Count, bundle.Locks.Count);
            _simulatorLoggers ??= LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
            var simulator = await LockFleetSimulator.StartAsync(
                bundle,
                new SimulatorOptions
                {
                    StateDirectory = Path.Combine(DataDirectory, "sim-state", Guid.NewGuid().ToString("N")),
                    FlushToDisk = false,
                    ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
                    ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
                },
                _simulatorLoggers);
            _simulators.Add(simulator);
            foreach (var started in simulator.Locks)
            {
                _locks[started.Id.Value] = started;
            }
        }

        var wanted = lockIds.ToDictionary(id => id, id => _locks[id], StringComparer.Ordinal);
        foreach (var running in wanted.Values.Where(l => l.IsOffline))
        {
            await running.GoOnlineAsync();
        }

        foreach (var running in wanted.Values)
        {
            await running.WaitUntilAsync(s => s.Connected, TimeSpan.FromSeconds(20));
        }

        return wanted;
    }

    public async Task DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }

        _simulatorLoggers?.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        var unexpected = Logs.Errors(ExpectedErrors);
        Assert.True(unexpected.Count == 0, "Unexpected errors were logged:\n" + string.Join("\n", unexpected));
    }
}
