using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Commands;

/// <summary>Dropped, duplicated and delayed messages are harmless (docs sections 6.1, 9, 13).</summary>
public sealed class DeliveryFaultTests
{
    [Fact]
    public async Task SameCommand_DeliveredTwice_IsExecutedOnceAndAnsweredTwiceAlike()
    {
        await using var sim = await SimHarness.StartAsync();
        var unlock = new RemoteUnlock { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, DurationSeconds = 3, Reason = "Test" };

        var signed = await sim.Server.SendAsync(unlock);
        await sim.Server.PublishTokenAsync(sim.LockId, signed.Token);
        var first = await sim.Server.WaitForReplyAsync(sim.LockId, unlock.CommandId);
        var second = await sim.Server.WaitForReplyAsync(sim.LockId, unlock.CommandId, occurrence: 2);

        Assert.Equal(first, second);
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        Assert.Single(sim.Server.Events(sim.LockId), e => e.Method == EntryMethod.RemoteUnlock);
    }

    [Fact]
    public async Task DuplicatedIncoming_FaultOnEveryCommand_AppliesEachCredentialSetOnce()
    {
        await using var sim = await SimHarness.StartAsync();
        sim.Lock.Faults = FaultProfile.None with { DuplicateIncoming = 1 };

        var first = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        var second = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 1, 2, [Credentials.ValidPin("48213958", "cred-2")]));

        Assert.Equal((1L, 2L), (first.AppliedVersion, second.AppliedVersion));
        Assert.Equal(["cred-1", "cred-2"], sim.Lock.CredentialIds);
        Assert.DoesNotContain(sim.Server.Replies(sim.LockId), r => r is CommandRejected);
    }

    [Fact]
    public async Task DroppedIncoming_TheServersRetryOfTheSameToken_IsExecutedOnce()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false; // a retry with the same token works only while no newer command was accepted
        sim.Lock.Faults = FaultProfile.None with { DropIncoming = 1 };
        var signed = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        var lost = await sim.Lock.WaitUntilAsync(s => s.InjectedFaults >= 1, TestLockServer.Timeout);

        sim.Lock.Faults = FaultProfile.None;
        await sim.Server.PublishTokenAsync(sim.LockId, signed.Token);
        var reply = await sim.Server.WaitForReplyAsync(sim.LockId, signed.Command.CommandId);

        Assert.Equal(0, lost.AppliedVersion);
        Assert.Equal(1, Assert.IsType<CommandAck>(reply).AppliedVersion);
    }

    [Fact]
    public async Task DuplicatedAndDelayedOutgoing_EventsAreStoredOnceAndAllConfirmed()
    {
        await using var sim = await SimHarness.StartAsync();
        sim.Lock.Faults = FaultProfile.None with { DuplicateOutgoing = 1, DelayOutgoing = new DelayRange(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)) };

        for (var i = 0; i < 10; i++)
        {
            await sim.Lock.EnterPinAsync("12340" + i);
        }

        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), sim.Server.Events(sim.LockId).Select(e => e.Sequence));

        // The first copy of the last batch may be confirmed before its duplicate has arrived (on a busy machine all
        // ten entries can travel in that one batch), so the copies are awaited, not read.
        await sim.Server.WaitUntilAsync(() => sim.Server.EventCopies(sim.LockId) >= 20, "every batch to arrive twice");
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), sim.Server.Events(sim.LockId).Select(e => e.Sequence));
    }

    [Fact]
    public async Task DroppedOutgoing_EventsStayBufferedAndAReplayDeliversThem()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Lock.Faults = FaultProfile.None with { DropOutgoing = 1 };
        var forced = await sim.Lock.ForceDoorAsync();

        sim.Lock.Faults = FaultProfile.None;
        await sim.Server.SendAndReplyAsync(new ReplayEvents { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, From = forced.Sequence });

        var stored = await sim.Server.WaitForEventAsync(sim.LockId, e => e.Sequence == forced.Sequence, "the forced door after the replay");
        Assert.Equal(EventKind.DoorForced, stored.Kind);
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
    }
}
