using System.Globalization;
using GuestAccess.LockProtocol.Provisioning;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// The whole system in real processes: the server (embedded broker, or a client of Mosquitto),
/// Mosquitto when asked, and one simulator process with every provisioned lock. Ports stay fixed
/// for the life of the system so a killed server or broker comes back where the locks expect it.
/// </summary>
internal sealed class ScaleSystem : IAsyncDisposable
{
    private readonly int _embeddedBrokerPort = ServerProcess.FreePort();
    private readonly int _httpPort = ServerProcess.FreePort();

    private ScaleSystem(ScaleDatabase database, bool mosquitto)
    {
        Database = database;
        UsesMosquitto = mosquitto;
        Probe = new AuditProbe(database);
    }

    public ScaleDatabase Database { get; }

    public string DataDirectory => Database.DataDirectory;

    public bool UsesMosquitto { get; }

    public string BrokerName => UsesMosquitto ? "Mosquitto" : "embedded broker";

    /// <summary>What this system is, for section titles: the broker, and the database when it is not the default.</summary>
    public string Name => Database.IsPostgres ? $"{BrokerName}, PostgreSQL" : BrokerName;

    public AuditProbe Probe { get; }

    public ServerProcess Server { get; private set; } = null!;

    public MosquittoBroker? Broker { get; private set; }

    public SimulatorProcess Simulator { get; private set; } = null!;

    public string Issuer => $"http://127.0.0.1:{_httpPort}";

    /// <summary>Server settings shared by every start (and by the in-process token factory).</summary>
    public string[] Settings => [
        "--Seed:DemoAccounts=true",
        $"--Identity:Issuer={Issuer}",
        "--Identity:RateLimits:Booking:PermitLimit=1000000",
        $"--Mqtt:Broker:Port={_embeddedBrokerPort}",
        .. UsesMosquitto ? (string[])["--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={Broker!.Port}"] : []];

    /// <summary>Starts the server on a data directory (provisioning every lock on the first start) and, for Mosquitto, the broker; not the simulator yet.</summary>
    public static async Task<ScaleSystem> StartAsync(ScaleDatabase database, int locks, bool mosquitto)
    {
        var system = new ScaleSystem(database, mosquitto);
        if (!File.Exists(ScaleData.BundlePath(database.DataDirectory)))
        {
            // Development + embedded broker: the server provisions every lock and writes the bundle.
            await using var provisioning = await ServerProcess.StartAsync(database, ServerProcess.FreePort(), system.Settings);
            await WaitForBundleAsync(database.DataDirectory, locks);
        }

        if (mosquitto)
        {
            system.Broker = await MosquittoBroker.StartAsync(database);
        }

        await system.StartServerAsync();
        return system;
    }

    public async Task StartServerAsync() => Server = await ServerProcess.StartAsync(Database, _httpPort, Settings);

    /// <summary>Starts the simulator process (every lock in the bundle) and connects them all; the time that took.</summary>
    public async Task<TimeSpan> ConnectLocksAsync()
    {
        Simulator = SimulatorProcess.Start(ScaleData.BundlePath(DataDirectory), Path.Combine(DataDirectory, "sim-state"), Broker?.Port);
        return await Simulator.ConnectAsync();
    }

    /// <summary>
    /// Waits until the simulator holds no unconfirmed event (the server stored and confirmed all);
    /// false on timeout. When nothing moves for 10 s every lock publishes its status, as its
    /// 15-minute timer would later: a lock whose last events or their confirmation got lost in
    /// the crowd is then brought up to date by the server (counted in <c>Nudges</c>).
    /// </summary>
    public async Task<(bool Drained, TimeSpan Took, SimulatorDump Last, int Nudges)> DrainAsync(TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        var lastPending = long.MaxValue;
        var lastMove = DateTime.UtcNow;
        var nudges = 0;
        while (true)
        {
            var dump = await Simulator.DumpAsync();
            if (dump.Pending == 0 || DateTime.UtcNow - started > timeout)
            {
                return (dump.Pending == 0, DateTime.UtcNow - started, dump, nudges);
            }

            if (dump.Pending < lastPending)
            {
                (lastPending, lastMove) = (dump.Pending, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - lastMove > TimeSpan.FromSeconds(10))
            {
                await Simulator.PublishStatusAsync();
                nudges++;
                lastMove = DateTime.UtcNow;
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }
    }

    private static async Task WaitForBundleAsync(string dataDirectory, int locks)
    {
        var path = ScaleData.BundlePath(dataDirectory);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!(File.Exists(path) && ProvisioningBundle.TryParse(await File.ReadAllTextAsync(path), out var bundle, out _) && bundle.Locks.Count >= locks))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"No provisioning bundle with {locks} locks in {path}."));
            }

            await Task.Delay(500);
        }
    }
}
