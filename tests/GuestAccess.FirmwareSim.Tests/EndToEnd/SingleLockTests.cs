using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.EndToEnd;

public sealed class SingleLockTests
{
    [Fact]
    public async Task ApplyCredentials_ThenPin_GrantsAndTheServerStoresTheConfirmedEntry()
    {
        await using var sim = await SimHarness.StartAsync();
        var pin = Credentials.ValidPin("48213957", "cred-pin-1");

        var reply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [pin]));
        var entry = await sim.Lock.EnterPinAsync("48213957");

        var ack = Assert.IsType<CommandAck>(reply);
        Assert.Equal(1, ack.AppliedVersion);
        Assert.True(entry.IsGranted);
        Assert.Equal("cred-pin-1", entry.CredentialId);
        var stored = await sim.Server.WaitForEventAsync(sim.LockId, e => e.Sequence == entry.Sequence, "the granted entry");
        Assert.Equal(EntryOutcome.Granted, stored.Outcome);
        Assert.Equal(EntryMethod.Pin, stored.Method);
        Assert.Equal("door-001", stored.Door);
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        var status = await sim.Server.WaitForStatusAsync(sim.LockId, s => s.AppliedVersion == 1, "applied version 1");
        Assert.Equal(LockState.Online, status.State);
        sim.Logs.AssertNeverLogged("48213957", sim.Bundle.Locks[0].Password);
    }
}
