using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Connection;

/// <summary>The simulator against a broker we did not write: Mosquitto 2 with a password file and a per-lock ACL.</summary>
public sealed class MosquittoTests
{
    [Fact]
    public async Task Mosquitto_RestartedInTheMiddleOfEventTraffic_NoEventIsLostAndEachIsStoredOnce()
    {
        MosquittoBroker? mosquitto = null;
        await using var sim = await SimHarness.StartAsync(
            lockCount: 3,
            configure: o => o with { UnconfirmedStatusInterval = TimeSpan.FromSeconds(1) },
            broker: async logs => mosquitto = (MosquittoBroker)await MosquittoBroker.CreateAsync(logs));
        var reply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        Assert.IsType<CommandAck>(reply);

        var sequences = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var simulatedLock in sim.Fleet.Locks)
            {
                sequences.Add((await simulatedLock.EnterPinAsync("48213957")).Sequence);
                await simulatedLock.ForceDoorAsync();
            }

            if (round == 1)
            {
                await mosquitto!.RestartAsync(); // sessions and in-flight messages are gone; the locks still hold their events
            }
        }

        foreach (var simulatedLock in sim.Fleet.Locks)
        {
            await simulatedLock.WaitUntilAsync(s => s.Connected && s.PendingEvents == 0, TimeSpan.FromSeconds(20));
            var stored = sim.Server.Events(simulatedLock.Id);
            Assert.Equal(Enumerable.Range(1, (int)simulatedLock.Snapshot().LastEventSequence).Select(i => (long)i), stored.Select(e => e.Sequence));
        }

        Assert.True((await sim.Lock.EnterPinAsync("48213957")).IsGranted);
    }

    [Fact]
    public async Task Mosquitto_CommandQueuedWhileTheLockWasOffline_IsDeliveredFromThePersistentSessionAndTheWillWasRetained()
    {
        await using var sim = await SimHarness.StartAsync(broker: MosquittoBroker.CreateAsync);
        await sim.Lock.GoOfflineAsync();
        await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Offline, "Mosquitto publishing the will");

        var queued = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        await sim.Lock.GoOnlineAsync();

        Assert.IsType<CommandAck>(await sim.Server.WaitForReplyAsync(sim.LockId, queued.Command.CommandId));
        await sim.Server.WaitForStatusAsync(sim.LockId, s => s is { State: LockState.Online, AppliedVersion: 1 }, "online at version 1");
    }
}
