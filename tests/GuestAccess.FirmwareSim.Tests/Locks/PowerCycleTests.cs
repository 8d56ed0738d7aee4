using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Locks;

/// <summary>A power cut loses nothing that was acknowledged or generated (docs sections 6.1, 8, 9).</summary>
public sealed class PowerCycleTests
{
    [Fact]
    public async Task PowerCycle_InProcess_KeepsCredentialsCounterLockoutAndUnsentEvents()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false; // keep the apply command the last one the lock accepted
        var apply = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        var firstReply = await sim.Server.WaitForReplyAsync(sim.LockId, apply.Command.CommandId);
        await sim.Lock.GoOfflineAsync();
        for (var i = 0; i < 5; i++)
        {
            await sim.Lock.EnterPinAsync("11112223");
        }

        var before = sim.Lock.Snapshot();
        await sim.Lock.PowerCycleAsync();
        var after = sim.Lock.Snapshot();
        var lockedOut = await sim.Lock.EnterPinAsync("48213957");
        await sim.Lock.GoOnlineAsync();
        await sim.Server.PublishTokenAsync(sim.LockId, apply.Token); // the old command once more

        Assert.Equal((1L, 1, before.LastCounter), (after.AppliedVersion, after.CredentialCount, after.LastCounter));
        Assert.True(after.KeypadLockedOut);
        Assert.Equal(DenialReason.LockedOut, lockedOut.Reason);
        Assert.Equal(before.PendingEvents + 1, after.PendingEvents); // + the rebooted event
        Assert.Equal(before.LastEventSequence + 1, after.LastEventSequence);
        var events = await sim.Server.WaitUntilEventsAsync(sim.LockId, (int)after.LastEventSequence + 1);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(2, events.Count(e => e.Kind == EventKind.Rebooted));
        var reply = await sim.Server.WaitForReplyAsync(sim.LockId, apply.Command.CommandId, occurrence: 2);
        Assert.Equal(firstReply, reply); // the last command again: the stored reply, not a second execution
    }

    [Fact]
    public async Task PowerCycle_WhileOnline_TheWillAnnouncesItAndTheLockComesBackOnline()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Online, "online");

        var seen = sim.Server.StatusCount(sim.LockId);

        await sim.Lock.PowerCycleAsync();

        // From the history: the lock may be back online before the will was looked at.
        await sim.Server.WaitForStatusAfterAsync(sim.LockId, seen, s => s.State == LockState.Offline, "the will after the power cut");
        var online = await sim.Server.WaitForStatusAfterAsync(sim.LockId, seen, s => s.State == LockState.Online, "online after the reboot");
        Assert.Equal(2, online.LastEventSeq);
        Assert.True(online.UptimeSeconds < 60);
    }

    [Fact]
    public async Task RestartedSimulator_OnTheSameStateDirectory_ContinuesTheSequenceAndTheCounter()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 3, [Credentials.ValidPin("48213957", "cred-1")]));
        await sim.Lock.ForceDoorAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false; // no new commands, so the counter stays where it was
        var before = sim.Lock.Snapshot();

        await sim.Fleet.DisposeAsync();
        await sim.StartFleetAsync();

        var after = sim.Lock.Snapshot();
        Assert.Equal((3L, before.LastCounter), (after.AppliedVersion, after.LastCounter));
        Assert.Equal(before.LastEventSequence + 1, after.LastEventSequence);
        Assert.True((await sim.Lock.EnterPinAsync("48213957")).IsGranted);
    }
}
