using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Connection;

/// <summary>Offline is normal (docs sections 1, 7.4, 9): credentials carry their own end, events wait in the lock.</summary>
public sealed class OfflineTests
{
    [Fact]
    public async Task Revocation_MissedWhileOffline_TheLockStillRefusesOnceTheWindowEnds()
    {
        await using var sim = await SimHarness.StartAsync();
        var end = DateTimeOffset.UtcNow.AddHours(1);
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.Pin("48213957", "cred-1", DateTimeOffset.UtcNow.AddHours(-1), end)]));
        await sim.Lock.GoOfflineAsync();
        var revocation = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 1, 2, removals: ["cred-1"], revocations: [new RevocationEntry { CredentialId = "cred-1", Until = end }]));

        var missed = await sim.Lock.EnterPinAsync("48213957");
        sim.Lock.Clock.Set(end);
        var windowOver = await sim.Lock.EnterPinAsync("48213957");

        Assert.True(missed.IsGranted); // it has not heard of the revocation...
        Assert.Equal(DenialReason.Expired, windowOver.Reason); // ...but the credential's own end still holds
        Assert.DoesNotContain(sim.Server.Replies(sim.LockId), r => r.CommandId == revocation.Command.CommandId);
    }

    [Fact]
    public async Task Revocation_SentWhileOffline_IsAppliedOnReconnectFromThePersistentSession()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        await sim.Lock.GoOfflineAsync();
        await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Offline, "the last will");
        var revocation = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 1, 2, removals: ["cred-1"], revocations: [new RevocationEntry { CredentialId = "cred-1", Until = DateTimeOffset.UtcNow.AddDays(1) }]));

        await sim.Lock.GoOnlineAsync();
        var reply = await sim.Server.WaitForReplyAsync(sim.LockId, revocation.Command.CommandId);
        var after = await sim.Lock.EnterPinAsync("48213957");

        Assert.Equal(2, Assert.IsType<CommandAck>(reply).AppliedVersion);
        Assert.Equal(DenialReason.WrongPin, after.Reason);
        await sim.Server.WaitForStatusAsync(sim.LockId, s => s is { State: LockState.Online, AppliedVersion: 2 }, "online at version 2");
    }

    [Fact]
    public async Task Events_WhileOffline_AreReplayedAfterReconnectAndDroppedOnlyWhenTheServerConfirms()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false;
        await sim.Lock.GoOfflineAsync();

        var entries = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            entries.Add((await sim.Lock.EnterPinAsync("9999" + i)).Sequence);
        }

        var forced = await sim.Lock.ForceDoorAsync();
        var pendingOffline = sim.Lock.Snapshot().PendingEvents;
        await sim.Lock.GoOnlineAsync();
        var stored = await sim.Server.WaitUntilEventsAsync(sim.LockId, 5);
        var pendingAfterPuback = sim.Lock.Snapshot().PendingEvents;
        await sim.Server.ConfirmAllAsync(sim.LockId);
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);

        Assert.Equal(4, pendingOffline);
        Assert.Equal([.. entries, forced.Sequence], stored.Select(e => e.Sequence).Where(s => s > 1));
        Assert.Equal(4, pendingAfterPuback); // the broker's PUBACK is not a confirmation
    }

    [Fact]
    public async Task ReplayEvents_FromASequence_RepublishesEveryBufferedEventFromThere()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false;
        var tamper = await sim.Lock.TamperAsync();
        var held = await sim.Lock.HoldDoorOpenAsync();
        await sim.Server.WaitForEventAsync(sim.LockId, e => e.Sequence == held.Sequence, "the held-open door");
        var copies = sim.Server.EventCopies(sim.LockId);

        var reply = await sim.Server.SendAndReplyAsync(new ReplayEvents { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, From = tamper.Sequence });
        await sim.Server.WaitUntilAsync(() => sim.Server.EventCopies(sim.LockId) >= copies + 2, "the replayed events");

        Assert.IsType<CommandAck>(reply);
        Assert.Equal([1L, tamper.Sequence, held.Sequence], sim.Server.Events(sim.LockId).Select(e => e.Sequence));
        Assert.Equal(2, sim.Lock.Snapshot().PendingEvents);
    }

    [Fact]
    public async Task Offline_ForADuration_ComesBackByItself()
    {
        await using var sim = await SimHarness.StartAsync();

        await sim.Lock.GoOfflineAsync(TimeSpan.FromMilliseconds(300));
        var offline = sim.Lock.Snapshot();
        var back = await sim.Lock.WaitUntilAsync(s => s.Connected, TestLockServer.Timeout);

        Assert.True(offline.Offline);
        Assert.False(offline.Connected);
        Assert.False(back.Offline);
    }
}
