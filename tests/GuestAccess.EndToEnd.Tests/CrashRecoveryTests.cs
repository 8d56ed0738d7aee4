using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>The transactional outbox survives a hard crash of the server process.</summary>
public sealed class CrashRecoveryTests
{
    private const string Door = "dokk1-hovedindgang";

    [Fact]
    public async Task Server_KilledWithCommandsInTheOutbox_DeliversThemOnceAfterRestart()
    {
        var directory = Directory.CreateTempSubdirectory("ga-e2e-crash-").FullName;
        var port = FleetHost.FreePort();
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        try
        {
            await using var first = ServerProcess.Start(directory, port);
            var bundle = await ReadBundleAsync(DevProvisioningBundle.PathIn(directory), first);
            await using var simulator = await LockFleetSimulator.StartAsync(
                bundle with { Locks = [bundle.Locks.Single(l => l.Lock.Value == Door)] },
                new SimulatorOptions { StateDirectory = Path.Combine(directory, "sim"), FlushToDisk = false, ReconnectMinDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) },
                loggers);
            await simulator.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
            var door = simulator[Door];
            await door.GoOfflineAsync();

            // Another process commits a grant and its outbox row; the server is killed before it can deliver.
            await using var other = ServerApp.Build([$"--Storage:DataDirectory={directory}", "--environment=Development", "--Mqtt:Broker:Port=0", "--Seed:DemoAccounts=false"]);
            var grant = await Grants.IssuePinAsync(other.Services, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
            var target = grant.Staged.Locks.Single().TargetVersion!.Value;
            await first.KillAsync();
            Assert.True(door.Snapshot().AppliedVersion < target);

            await using var second = ServerProcess.Start(directory, port);
            await door.GoOnlineAsync();

            await door.WaitUntilAsync(s => s.AppliedVersion == target, TimeSpan.FromSeconds(30));
            Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted);
            await using var scope = other.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            await Eventually.TrueAsync(() => db.GrantDoors.AsNoTracking().AnyAsync(d => d.GrantId == grant.GrantId && d.State == DoorDeliveryState.Applied), "the grant door to be applied");
            var outbox = await db.LockOutbox().AsNoTracking().Where(m => m.TargetVersion == target && m.Kind == LockOutboxKind.Credentials).SingleAsync();
            Assert.Equal(LockOutboxOutcome.Applied, outbox.Outcome);
            Assert.Equal(1, door.Snapshot().CredentialCount);
            Assert.Empty(logs.Errors(new HashSet<int>()));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<ProvisioningBundle> ReadBundleAsync(string path, ServerProcess server)
    {
        ProvisioningBundle? bundle = null;
        await Eventually.TrueAsync(
            () => File.Exists(path) && ProvisioningBundle.TryParse(File.ReadAllText(path), out bundle, out _),
            "the server to write the development provisioning bundle\n" + server.Output,
            TimeSpan.FromSeconds(60));
        return bundle!;
    }
}
