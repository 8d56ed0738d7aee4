using GuestAccess.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>What the server stored from a lock's events.</summary>
public static class Entries
{
    public static Task<Guid> LockGuidAsync(FleetHost host, string lockId) =>
        host.WithDbAsync(db => db.Locks.Where(l => l.DeviceId == lockId).Select(l => l.Id).SingleAsync());

    public static async Task<List<EntryEvent>> StoredAsync(FleetHost host, string lockId)
    {
        var id = await LockGuidAsync(host, lockId);
        return await host.WithDbAsync(db => db.EntryEvents.AsNoTracking().Where(e => e.LockId == id).OrderBy(e => e.Sequence).ToListAsync());
    }

    /// <summary>Waits until the event with this sequence is stored, and returns it.</summary>
    public static async Task<EntryEvent> WaitForAsync(FleetHost host, string lockId, long sequence, TimeSpan? timeout = null)
    {
        var stored = await Eventually.ValueAsync(() => StoredAsync(host, lockId), s => s.Any(e => e.Sequence == sequence), $"event {sequence} of {lockId} to be stored", timeout);
        return stored.Single(e => e.Sequence == sequence);
    }
}
