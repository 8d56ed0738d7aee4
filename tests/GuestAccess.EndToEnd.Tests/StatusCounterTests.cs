using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Locks.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// A live status whose event counter is below what the server stored from the lock means lost
/// storage (warning 4030, re-provision it) only when the lock wrote it after those events; one
/// written before them is an old copy delivered late (information 4032), whatever its retain flag.
/// </summary>
public sealed class StatusCounterTests
{
    private const string Door = "dokk1-lille-sal-doer";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LiveStatus_CountingBelowTheStoredEvents_IsLostStorageOnlyWhenWrittenAfterThem(bool writtenAfter)
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        long last = 0;
        for (var i = 0; i < 3; i++)
        {
            last = (await door.EnterPinAsync("90817263")).Sequence; // unknown PIN: a denied entry, still an event
        }

        await door.WaitUntilAsync(s => s.PendingEvents == 0 && s.LastEventSequence == last, Eventually.DefaultTimeout);
        var id = await Entries.LockGuidAsync(host, Door);
        await Eventually.TrueAsync(
            async () => await host.WithDbAsync(db => db.LockSyncStates().Where(s => s.LockId == id).Select(s => s.ConfirmedUpTo).SingleAsync()) == last,
            "the server to record what it confirmed");
        var newest = (await Entries.StoredAsync(host, Door))[^1];
        Assert.Equal(last, newest.Sequence);
        var status = new LockStatus
        {
            Lock = door.Id,
            State = LockState.Online,
            LastEventSeq = 1,
            PendingEvents = 0,
            Clock = newest.OccurredAt.AddSeconds(writtenAfter ? 1 : -1),
        };

        await host.Services.GetRequiredService<FleetChannels>().Dispatcher.Writer.WriteAsync(new FleetInput.StatusReceived(door.Id, status, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => host.Logs.WithEvent(writtenAfter ? 4030 : 4032).Count > 0, "the status's counters to be checked");
        Assert.Equal(writtenAfter ? 1 : 0, host.Logs.WithEvent(4030).Count);
        Assert.Equal(writtenAfter ? 0 : 1, host.Logs.WithEvent(4032).Count);
    }
}
