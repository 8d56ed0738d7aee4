using System.Globalization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

public sealed class PowerCycleAndScaleTests
{
    private const string Door = "dokk1-store-sal-syd";

    [Fact]
    public async Task PowerCycle_WhileOffline_KeepsCredentialsAndUnsentEventsWhichReachTheServerLater()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door], o => o with { FlushToDisk = true });
        var door = simulator[Door];
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        await door.GoOfflineAsync();
        var entries = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            entries.Add((await door.EnterPinAsync(grant.Pin)).Sequence);
        }

        await door.PowerCycleAsync();

        var rebooted = door.Snapshot();
        Assert.False(rebooted.Connected);
        Assert.Equal(1, rebooted.CredentialCount);
        Assert.True(rebooted.PendingEvents >= 3, rebooted.ToString());
        Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted);
        await door.GoOnlineAsync();
        foreach (var sequence in entries)
        {
            Assert.Equal(Domain.Entries.EntryOutcome.Granted, (await Entries.WaitForAsync(host, Door, sequence)).Outcome);
        }

        await door.WaitUntilAsync(s => s.PendingEvents == 0, Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task Fleet_200LocksInOneSimulator_AllApplyAGrantAndReportEntries()
    {
        const int count = 200;
        await using var host = await FleetHost.StartAsync("--Locks:DevProvisioningBundle=false");
        IReadOnlyList<IssuedLockCredentials> issued;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            var site = await db.Sites.SingleAsync(s => s.Slug == "dokk1");
            var locks = Enumerable.Range(0, count).Select(i =>
            {
                var slug = "dokk1-e2e-" + i.ToString("D3", CultureInfo.InvariantCulture);
                var door = new Door(Guid.NewGuid(), site.Id, slug, $"E2E-dør {i}", DoorKind.Room);
                db.Doors.Add(door);
                return new Domain.Locks.LockController(Guid.NewGuid(), site.Id, door.Id, slug);
            }).ToList();
            db.Locks.AddRange(locks);
            await db.SaveChangesAsync();
            issued = await scope.ServiceProvider.GetRequiredService<LockProvisioningService>().ProvisionAsync(locks.Select(l => l.Id).ToList());
        }

        var bundle = host.Services.GetRequiredService<BundleFactory>().Create(issued);
        var simulator = await host.StartSimulatorAsync(issued.Select(i => i.LockId.Value), bundle: bundle);
        Assert.Equal(count, simulator.Locks.Count);

        var grant = await Grants.IssuePinAsync(host, issued.Select(i => i.Door).ToList(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied, TimeSpan.FromSeconds(120));
        var results = await Task.WhenAll(simulator.Locks.Select(l => l.EnterPinAsync(grant.Pin)));
        Assert.All(results, r => Assert.True(r.IsGranted));
        await Eventually.TrueAsync(
            () => host.WithDbAsync(db => db.EntryEvents.CountAsync(e => e.GrantId == grant.GrantId)).ContinueWith(t => t.Result == count, TaskScheduler.Default),
            "every lock's entry to be stored",
            TimeSpan.FromSeconds(120));
    }
}
