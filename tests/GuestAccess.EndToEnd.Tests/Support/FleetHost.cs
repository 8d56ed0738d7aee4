using System.Net.Sockets;
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

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// One test's server: the real GuestAccess server on Kestrel (loopback, OS-chosen port) with its
/// embedded broker on an OS-chosen port, its own temporary data directory (SQLite, keys, the
/// development provisioning bundle) and simulators started from that bundle. Disposing stops
/// everything, fails the test if anything logged an unexpected error, and deletes the data.
/// </summary>
public sealed class FleetHost : IAsyncDisposable
{
    private readonly List<LockFleetSimulator> _simulators = [];
    private readonly bool _ownsDirectory;
    private WebApplication? _app;
    private ILoggerFactory? _simulatorLoggers;

    private Action<WebApplicationBuilder>? _configure;

    private FleetHost(string dataDirectory, bool ownsDirectory, string[] settings)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public string[] Settings { get; }

    public LogCapture Logs { get; } = new();

    /// <summary>Loggers for the simulators, into the same capture.</summary>
    public ILoggerFactory SimulatorLoggers => _simulatorLoggers ??= LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));

    /// <summary>Error event ids a test provokes on purpose.</summary>
    public HashSet<int> ExpectedErrors { get; } = [];

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is stopped.");

    public Uri BaseAddress { get; private set; } = null!;

    public string BundlePath => DevProvisioningBundle.PathIn(DataDirectory);

    public ProvisioningBundle Bundle => ProvisioningBundle.Parse(File.ReadAllText(BundlePath));

    /// <summary>Starts a server (settings as command-line configuration, e.g. <c>--Locks:AckTimeout=00:00:02</c>).</summary>
    public static async Task<FleetHost> StartAsync(params string[] settings)
    {
        var host = new FleetHost(Directory.CreateTempSubdirectory("ga-e2e-").FullName, ownsDirectory: true, settings);
        await host.StartServerAsync();
        return host;
    }

    /// <summary>Starts a server whose services <paramref name="configure"/> adds to (e.g. a telemetry processor), on every (re)start.</summary>
    public static async Task<FleetHost> StartAsync(Action<WebApplicationBuilder> configure, params string[] settings)
    {
        var host = new FleetHost(Directory.CreateTempSubdirectory("ga-e2e-").FullName, ownsDirectory: true, settings) { _configure = configure };
        await host.StartServerAsync();
        return host;
    }

    /// <summary>A free TCP port on loopback (for a broker that must keep its port across restarts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server (again) on this data directory, with more settings after the host's own.</summary>
    public async Task StartServerAsync(params string[] extraSettings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            $"--Storage:DataDirectory={DataDirectory}",
            "--Mqtt:Broker:Port=0",
            "--Seed:DemoAccounts=false",
            .. Settings,
            .. extraSettings,
        ];
        var app = ServerApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders().AddProvider(Logs);
            _configure?.Invoke(builder);
        });
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task StopServerAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    public async Task<T> WithDbAsync<T>(Func<GuestAccessDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<GuestAccessDb>());
    }

    /// <summary>Starts the real simulator for the given locks of the development bundle.</summary>
    public async Task<LockFleetSimulator> StartSimulatorAsync(IEnumerable<string> lockIds, Func<SimulatorOptions, SimulatorOptions>? configure = null, ProvisioningBundle? bundle = null)
    {
        var wanted = lockIds.ToHashSet(StringComparer.Ordinal);
        bundle ??= Bundle;
        bundle = bundle with { Locks = bundle.Locks.Where(l => wanted.Contains(l.Lock.Value)).ToList() };
        Assert.Equal(wanted.Count, bundle.Locks.Count);
        var options = new SimulatorOptions
        {
            StateDirectory = Path.Combine(DataDirectory, "sim-state"),
            FlushToDisk = false,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
        };
        var simulator = await LockFleetSimulator.StartAsync(bundle, configure?.Invoke(options) ?? options, SimulatorLoggers);
        _simulators.Add(simulator);
        await simulator.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(60));
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        await StopServerAsync();
        _simulatorLoggers?.Dispose();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        var unexpected = Logs.Errors(ExpectedErrors);
        Assert.True(unexpected.Count == 0, "Unexpected errors were logged:\n" + string.Join("\n", unexpected));
    }
}
