using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>SIGTERM drains the lock outbox before the server goes (docs/deployment.md, "Graceful shutdown").</summary>
public sealed class GracefulShutdownTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Door = "dokk1-hovedindgang";

    [Fact]
    public async Task Server_SigtermWhileWaitingForItsDatabase_StopsInOrderAndExitsZero()
    {
        var directory = Directory.CreateTempSubdirectory("ga-e2e-sigterm-start-").FullName;
        try
        {
            // Nothing listens on this port: start-up waits for the database (Database:StartupTimeout, 1 min)
            // inside the host's start, which is where a signal during start-up lands.
            var nowhere = $"Host=127.0.0.1;Port={FleetHost.FreePort()};Database=guestaccess;Username=guestaccess;Password=unused;Timeout=2";
            await using var server = ServerProcess.Start(directory, FleetHost.FreePort(), "--Database:Provider=PostgreSql", $"--Database:ConnectionString={nowhere}");
            await Eventually.TrueAsync(() => server.Output.Contains("Waiting for the PostgreSql database", StringComparison.Ordinal), "the server to wait for its database", TimeSpan.FromSeconds(60));

            var code = await server.TerminateAsync(TimeSpan.FromSeconds(30));

            Assert.True(code == 0, $"exit code {code}\n{server.Output}");
            Assert.Contains("Asked to stop while starting", server.Output);
            Assert.DoesNotContain("fail:", server.Output);
            Assert.DoesNotContain("crit:", server.Output);
            Assert.DoesNotContain("Password=unused", server.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Server_SigtermWithStagedCommands_DeliversThemBeforeItExits()
    {
        var directory = Directory.CreateTempSubdirectory("ga-e2e-sigterm-").FullName;
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        try
        {
            await using var server = ServerProcess.Start(directory, FleetHost.FreePort());
            ProvisioningBundle? bundle = null;
            await Eventually.TrueAsync(
                () => File.Exists(DevProvisioningBundle.PathIn(directory)) && ProvisioningBundle.TryParse(File.ReadAllText(DevProvisioningBundle.PathIn(directory)), out bundle, out _),
                "the server to start\n" + server.Output,
                TimeSpan.FromSeconds(60));
            await using var simulator = await LockFleetSimulator.StartAsync(
                bundle! with { Locks = [bundle!.Locks.Single(l => l.Lock.Value == Door)] },
                new SimulatorOptions { StateDirectory = Path.Combine(directory, "sim"), FlushToDisk = false },
                loggers);
            await simulator.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
            var door = simulator[Door];
            await Eventually.TrueAsync(() => server.Output.Contains("Application started", StringComparison.Ordinal), "the server to finish starting\n" + server.Output, TimeSpan.FromSeconds(60));

            // Another process on the database stages grants; the server only notices them in its outbox scan (every 30 s)
            // or, as here, when SIGTERM makes it drain at once.
            await using var other = ServerApp.Build([$"--Storage:DataDirectory={directory}", "--environment=Development", "--Mqtt:Broker:Port=0", "--Seed:DemoAccounts=false"]);
            var grants = new List<IssuedPin>();
            for (var i = 0; i < 3; i++)
            {
                grants.Add(await Grants.IssuePinAsync(other.Services, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1)));
            }

            var target = grants.Max(g => g.Staged.Locks.Single().TargetVersion!.Value);
            Assert.True(door.Snapshot().AppliedVersion < target);

            var code = await server.TerminateAsync(TimeSpan.FromSeconds(60));

            Assert.True(code == 0, $"exit code {code}\n{server.Output}");
            Assert.True(door.Snapshot().AppliedVersion == target, $"applied {door.Snapshot().AppliedVersion}, staged {target}\n{server.Output}");
            Assert.Contains("Shutdown: delivering the staged commands", server.Output);
            var drained = server.Output.Split('\n').Single(l => l.Contains("Shutdown: lock outbox drained in", StringComparison.Ordinal));
            output.WriteLine(drained.Trim());
            foreach (var grant in grants)
            {
                Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted);
            }

            await using var scope = other.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            var ids = grants.Select(g => g.GrantId).ToList();
            Assert.All(await db.GrantDoors.AsNoTracking().Where(d => ids.Contains(d.GrantId)).Select(d => d.State).ToListAsync(), s => Assert.Equal(DoorDeliveryState.Applied, s));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
