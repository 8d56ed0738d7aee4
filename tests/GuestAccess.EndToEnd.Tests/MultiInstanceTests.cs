using System.Diagnostics;
using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// Several server instances (docs/deployment.md, "Several server instances"): two real server
/// processes on one PostgreSQL database and one Mosquitto split the locks by partition
/// (session advisory locks) and the event ingestion (MQTT 5 shared subscription).
/// </summary>
public sealed class MultiInstanceTests(ITestOutputHelper output)
{
    /// <summary><c>kill</c>: kill -9, the survivor takes over at its next rebalance. <c>term</c>: SIGTERM, a graceful stop that drains and hands its partitions over.</summary>
    [Theory]
    [InlineData("kill")]
    [InlineData("term")]
    public async Task Server_StoppedMidLoad_SurvivorTakesOverNoEntryLostOrDuplicatedEveryGrantApplied(string stop)
    {
        await using var cluster = await Cluster.StartAsync();
        string[] fast = ["--Cluster:RebalanceInterval=00:00:00.250", "--Locks:AckTimeout=00:00:03"];
        var a = cluster.StartServer("a", fast);
        var b = cluster.StartServer("b", fast);
        await Eventually.ValueAsync(cluster.PartitionsPerInstanceAsync, p => p.SequenceEqual([32L, 32L]), "both instances to hold half of the partitions\n" + a.Output + b.Output, TimeSpan.FromSeconds(60));

        // A lock with unconfirmed events says so in a status every 2 s (30 s in the field): the owner then asks for a replay.
        var simulator = await cluster.StartSimulatorAsync(o => o with { UnconfirmedStatusInterval = TimeSpan.FromSeconds(2) });
        var doors = simulator.Locks.Select(l => l.Id.Value).ToList();
        var grants = new List<IssuedPin>();
        async Task IssueAsync(int i) => grants.Add(await Grants.IssuePinAsync(cluster.Issuer.Services, [doors[i % doors.Count]], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1)));

        var traffic = Task.WhenAll(simulator.Locks.Select(async l =>
        {
            for (var i = 0; i < 40; i++)
            {
                await l.HoldDoorOpenAsync();
                await Task.Yield();
            }
        }));
        for (var i = 0; i < doors.Count; i++)
        {
            await IssueAsync(i);
        }

        await Eventually.TrueAsync(async () => await StoredCountAsync(cluster) >= doors.Count * 5, "entries to flow before the kill");
        var killed = Stopwatch.StartNew();
        if (stop == "kill")
        {
            await a.KillAsync();
        }
        else
        {
            var code = await a.TerminateAsync(TimeSpan.FromSeconds(60));
            Assert.True(code == 0, $"exit code {code}\n{a.Output}");
            Assert.Contains("Shutdown: handed all 32 lock partitions over", a.Output);
        }

        await Eventually.ValueAsync(cluster.PartitionsPerInstanceAsync, p => p.SequenceEqual([64L]), "the survivor to take every partition over", TimeSpan.FromSeconds(15));
        var takeover = killed.Elapsed;
        for (var i = 0; i < doors.Count; i++)
        {
            await IssueAsync(i + doors.Count);
        }

        await traffic;
        foreach (var grant in grants)
        {
            await WaitForAppliedAsync(cluster, grant.GrantId, b);
        }

        foreach (var (grant, i) in grants.Select((g, i) => (g, i)))
        {
            Assert.True((await simulator[doors[i % doors.Count]].EnterPinAsync(grant.Pin)).IsGranted, $"grant {i} at {doors[i % doors.Count]}");
        }

        var applied = killed.Elapsed;
        foreach (var door in simulator.Locks)
        {
            var last = door.Snapshot().LastEventSequence;
            var stored = await Eventually.ValueAsync(() => SequencesAsync(cluster, door.Id.Value), s => s.Count >= last, $"every event of {door.Id} to be stored", TimeSpan.FromSeconds(30));
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), stored);
        }

        output.WriteLine($"{doors.Count} locks, {grants.Count} grants, takeover {takeover.TotalMilliseconds:F0} ms after the {stop}, every grant applied {applied.TotalMilliseconds:F0} ms after it");
    }

    private static async Task<int> StoredCountAsync(Cluster cluster)
    {
        await using var scope = cluster.Issuer.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().EntryEvents.CountAsync();
    }

    private static async Task<List<long>> SequencesAsync(Cluster cluster, string lockId)
    {
        await using var scope = cluster.Issuer.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var id = await db.Locks.Where(l => l.DeviceId == lockId).Select(l => l.Id).SingleAsync();
        return await db.EntryEvents.AsNoTracking().Where(e => e.LockId == id).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
    }

    private static async Task WaitForAppliedAsync(Cluster cluster, Guid grantId, ServerProcess survivor)
    {
        await Eventually.ValueAsync(
            async () =>
            {
                await using var scope = cluster.Issuer.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().GrantDoors.AsNoTracking().Where(d => d.GrantId == grantId).Select(d => d.State).ToArrayAsync();
            },
            s => s.Length > 0 && s.All(x => x == DoorDeliveryState.Applied),
            $"grant {grantId} to be applied\n{survivor.Output[^Math.Min(survivor.Output.Length, 4000)..]}",
            TimeSpan.FromSeconds(30));
    }
}
