using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.FirmwareSim.Traffic;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Fleet;

public sealed class FleetScaleTests
{
    [Fact]
    public async Task TwoHundredLocks_InOneSimulator_ConnectAndEachAppliesItsCredentialSet()
    {
        await using var sim = await SimHarness.StartAsync(lockCount: 200);

        var replies = await Task.WhenAll(sim.Fleet.Locks.Select((l, i) =>
            sim.Server.SendAndReplyAsync(Credentials.Sync(sim.Server, l.Id, 1, [Credentials.ValidPin((20_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "cred-" + i)]))));

        Assert.All(replies, r => Assert.Equal(1, Assert.IsType<CommandAck>(r).AppliedVersion));
        Assert.All(sim.Fleet.Locks, l => Assert.Equal((1L, 1), (l.Snapshot().AppliedVersion, l.Snapshot().CredentialCount)));
        Assert.True((await sim.Fleet.Locks[199].EnterPinAsync("20000199")).IsGranted);
        Assert.Equal(200, ((TestBroker)sim.Broker).Broker.ClientCount - 1);
    }

    [Fact]
    public async Task RandomTraffic_WithKnownPins_ProducesGrantedAndDeniedEntriesThatAllReachTheServer()
    {
        await using var sim = await SimHarness.StartAsync(lockCount: 5);
        var pins = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < 5; i++)
        {
            var lockId = sim.Fleet.Locks[i].Id;
            var pin = "3000000" + i;
            pins[lockId.Value] = [pin];
            await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, lockId, 0, 1, [Credentials.ValidPin(pin, "cred-" + i)]));
        }

        await using (var traffic = RandomTraffic.Start(sim.Fleet, eventsPerSecond: 200, grantedRatio: 0.8, new TrafficCredentials { Pins = pins }))
        {
            await sim.Server.WaitUntilAsync(() => traffic.Attempts >= 100, "100 random attempts");
            await traffic.DisposeAsync();
            Assert.True(traffic.Outcomes.GetValueOrDefault("granted") > 0, traffic.Summary());
            Assert.True(traffic.Outcomes.Keys.Any(k => k.StartsWith("denied:", StringComparison.Ordinal)), traffic.Summary());
        }

        await Task.WhenAll(sim.Fleet.Locks.Select(l => l.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout)));
        var entries = sim.Fleet.Locks.Sum(l => sim.Server.Events(l.Id).Count(e => e.Kind != EventKind.Rebooted));
        Assert.True(entries >= 100, $"{entries} events stored");
        Assert.All(sim.Fleet.Locks, l => Assert.Equal(Enumerable.Range(1, (int)l.Snapshot().LastEventSequence).Select(i => (long)i), sim.Server.Events(l.Id).Select(e => e.Sequence)));
    }
}
