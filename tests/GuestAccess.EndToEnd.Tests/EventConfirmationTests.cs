using System.Diagnostics.Metrics;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Locks.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>Stored events are confirmed to the lock, paced: one signed confirm_events covers everything a lock stored within the interval.</summary>
public sealed class EventConfirmationTests
{
    private const string Door = "dokk1-lille-sal-doer";

    [Fact]
    public async Task EntriesStoredOneByOne_WithinTheConfirmInterval_AreConfirmedByFewerCommandsAndTheMarkIsStored()
    {
        await using var host = await FleetHost.StartAsync("--Locks:ConfirmInterval=00:00:05");
        using var meters = new MeterCapture(host.Services.GetRequiredService<IMeterFactory>());
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        await door.WaitUntilAsync(s => s.PendingEvents == 0, Eventually.DefaultTimeout); // the start-up events
        var before = Confirmations(meters);

        const int entries = 8;
        long last = 0;
        for (var i = 0; i < entries; i++)
        {
            last = (await door.EnterPinAsync("90817263")).Sequence; // unknown PIN: a denied entry, still an event
            await Entries.WaitForAsync(host, Door, last); // stored before the next one: every entry is its own batch
        }

        await door.WaitUntilAsync(s => s.PendingEvents == 0 && s.LastEventSequence == last, Eventually.DefaultTimeout);
        // A publish is counted when the broker acknowledges it, which can be after the lock has acted on it.
        await Eventually.TrueAsync(() => Confirmations(meters) > before, "the confirmations to be counted");
        var sent = Confirmations(meters) - before;
        var id = await Entries.LockGuidAsync(host, Door);
        var mark = await host.WithDbAsync(db => db.LockSyncStates().Where(s => s.LockId == id).Select(s => s.ConfirmedUpTo).SingleAsync());
        var stored = await Entries.StoredAsync(host, Door);

        Assert.InRange(sent, 1, 3); // at most one at once and one per interval after it, not one per entry
        Assert.Equal(last, mark);
        Assert.Equal(Enumerable.Range(1, (int)last).Select(s => (long)s), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task GracefulStop_StoredEntriesWaitingForTheirPacedConfirmation_AreConfirmedBeforeTheServerGoes()
    {
        await using var host = await FleetHost.StartAsync("--Locks:ConfirmInterval=00:01:00"); // the longest pacing allowed
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        long last = 0;
        for (var i = 0; i < 3; i++)
        {
            last = (await door.EnterPinAsync("90817263")).Sequence;
            await Entries.WaitForAsync(host, Door, last);
        }

        Assert.True(door.Snapshot().PendingEvents > 0, "stored entries wait for the end of the one-minute interval");

        await host.StopServerAsync();

        await door.WaitUntilAsync(s => s.PendingEvents == 0 && s.LastEventSequence == last, TimeSpan.FromSeconds(10));
        var flushed = Assert.Single(host.Logs.WithEvent(4054));
        Assert.Contains("waiting confirmations", flushed.Message);
    }

    private static int Confirmations(MeterCapture meters) =>
        meters.Of("guestaccess.locks.commands.sent").Count(m => Equals(m.Tags["type"], "confirm_events"));
}
