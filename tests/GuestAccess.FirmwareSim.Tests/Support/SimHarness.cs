using System.Globalization;
using System.Security.Cryptography;
using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// One test's world: our broker on a free port with the fleet's access rules, a test server that
/// signs commands, a provisioning bundle for N locks and a simulator fleet with its own state
/// directory. Disposing checks that nothing logged an error and no lock message was unreadable.
/// </summary>
public sealed class SimHarness : IAsyncDisposable
{
    private SimHarness(LogCapture logs, IBrokerUnderTest broker, TestLockServer server, ProvisioningBundle bundle, string stateDirectory, SimulatorOptions options)
    {
        Logs = logs;
        Broker = broker;
        Server = server;
        Bundle = bundle;
        StateDirectory = stateDirectory;
        Options = options;
    }

    public LogCapture Logs { get; }

    public IBrokerUnderTest Broker { get; }

    public TestLockServer Server { get; }

    public ProvisioningBundle Bundle { get; }

    public string StateDirectory { get; }

    public SimulatorOptions Options { get; }

    public LockFleetSimulator? FleetOrNull { get; private set; }

    public LockFleetSimulator Fleet => FleetOrNull ?? throw new InvalidOperationException("The fleet was not started in this process.");

    /// <summary>The first lock.</summary>
    public SimulatedLock Lock => Fleet.Locks[0];

    public LockId LockId => Bundle.Locks[0].Lock;

    /// <summary>Error log lines a test provokes on purpose and accepts.</summary>
    public bool AllowErrors { get; set; }

    /// <summary>Starts everything; <paramref name="startFleet"/> false leaves the simulator to a test (e.g. a separate process).</summary>
    public static async Task<SimHarness> StartAsync(
        int lockCount = 1,
        Func<SimulatorOptions, SimulatorOptions>? configure = null,
        bool connect = true,
        IReadOnlyList<string>? lockIds = null,
        bool startFleet = true,
        Func<LogCapture, Task<IBrokerUnderTest>>? broker = null)
    {
        var logs = new LogCapture();
        var underTest = broker is null ? await TestBroker.StartAsync(logs) : await broker(logs);
        var key = SigningKey.Generate("sim-test-" + RandomNumberGenerator.GetHexString(6, lowercase: true));
        var bundle = CreateBundle(lockIds ?? [.. Enumerable.Range(1, lockCount).Select(i => "sim-lock-" + i.ToString("D3", CultureInfo.InvariantCulture))], key.PublicJwk, underTest);
        await underTest.EnsureStartedAsync();
        var server = await TestLockServer.StartAsync(underTest, key);
        var stateDirectory = Directory.CreateTempSubdirectory("ga-sim-test-").FullName;
        var options = new SimulatorOptions
        {
            StateDirectory = stateDirectory,
            FlushToDisk = false,
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        var harness = new SimHarness(logs, underTest, server, bundle, stateDirectory, configure?.Invoke(options) ?? options);
        if (startFleet)
        {
            await harness.StartFleetAsync(connect);
        }

        return harness;
    }

    public static ProvisioningBundle CreateBundle(IReadOnlyList<string> lockIds, EcPublicJwk key, IBrokerUnderTest broker)
    {
        var locks = lockIds.Select((id, index) =>
        {
            var i = index + 1;
            var password = RandomNumberGenerator.GetHexString(32);
            broker.AddUser(id, password);
            return new LockProvisioning
            {
                Lock = LockId.Parse(id),
                Door = "door-" + i.ToString("D3", CultureInfo.InvariantCulture),
                DoorName = $"Lokale {i}, dør",
                Site = "sim-site",
                TimeZone = "Europe/Copenhagen",
                Username = id,
                Password = password,
            };
        }).ToList();
        return new ProvisioningBundle
        {
            CreatedAt = DateTimeOffset.UtcNow,
            Broker = new BrokerAddress { Host = "127.0.0.1", Port = broker.Port, Tls = broker.Tls is not null, CaCertificate = broker.Tls?.CaPem },
            MobileKeyIssuer = "guestaccess",
            TrustedKeys = [key],
            Locks = locks,
        };
    }

    /// <summary>Starts the fleet (again) on the same state directory, like a restarted simulator process.</summary>
    public async Task StartFleetAsync(bool connect = true)
    {
        FleetOrNull = await LockFleetSimulator.StartAsync(Bundle, Options, Logs);
        if (connect)
        {
            await Fleet.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task Step(Task task, string what)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} hung");
        }
    }

    /// <summary>Writes the bundle as the server would (mode 0600) and returns its path.</summary>
    public string WriteBundleFile()
    {
        var path = Path.Combine(StateDirectory, "provisioning.json");
        File.WriteAllText(path, Bundle.ToJson());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SIM_TEST_LOG") is { } logFile)
        {
            await File.AppendAllLinesAsync(logFile, Logs.Lines.Prepend("==== " + StateDirectory));
        }

        if (FleetOrNull is { } fleet)
        {
            await Step(fleet.DisposeAsync().AsTask(), "fleet dispose");
        }

        await Step(Server.DisposeAsync().AsTask(), "server dispose");
        await Step(Broker.DisposeAsync().AsTask(), "broker dispose");
        Server.Key.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
        Assert.Empty(Server.ProtocolErrors);
        if (!AllowErrors)
        {
            Logs.AssertNoErrors();
        }
    }
}
