using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Locks;

/// <summary>The lock decides with its own clock (docs section 12).</summary>
public sealed class ClockSkewTests
{
    [Fact]
    public async Task Skew_WithinTheAllowance_CommandsPassAndEntriesFollowTheLockClock()
    {
        await using var sim = await SimHarness.StartAsync(configure: o => o with { InitialSkew = TimeSpan.FromSeconds(90) });
        var start = DateTimeOffset.UtcNow.AddSeconds(60);

        var reply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.Pin("48213957", "cred-1", start, start.AddHours(1))]));
        var entry = await sim.Lock.EnterPinAsync("48213957");

        Assert.IsType<CommandAck>(reply);
        Assert.True(entry.IsGranted); // the lock runs 90 s ahead, so its window has opened already
    }

    [Fact]
    public async Task LockClock_BehindBeyondTheAllowance_RejectsNotYetValidAndReportsTheSkew()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout);
        sim.Server.AutoConfirm = false;
        sim.Lock.Clock.Skew = TimeSpan.FromMinutes(-10);

        var reply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1));

        Assert.Equal(CommandRejectReason.NotYetValid, Assert.IsType<CommandRejected>(reply).Reason);
        var skew = await sim.Server.WaitForEventAsync(sim.LockId, e => e.Kind == EventKind.ClockSkew, "a clock_skew event");
        Assert.InRange(skew.SkewSeconds!.Value, 590, 610);
        Assert.Equal(TimeSpan.FromMinutes(-10), sim.Lock.Clock.Skew); // never stepped without the option
    }

    [Fact]
    public async Task LockClock_BehindWithStepForward_StepsToTheVerifiedIssuedAtAndTheRetryPasses()
    {
        await using var sim = await SimHarness.StartAsync(configure: o => o with { StepClockForward = true });
        await sim.Lock.WaitUntilAsync(s => s.PendingEvents == 0, TestLockServer.Timeout); // no confirm_events in flight to step the clock first
        sim.Server.AutoConfirm = false;
        sim.Lock.Clock.Skew = TimeSpan.FromMinutes(-10);

        var first = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1));
        var retry = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1));

        Assert.IsType<CommandRejected>(first);
        Assert.IsType<CommandAck>(retry);
        Assert.InRange(sim.Lock.Clock.Skew, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(1));
    }
}
