using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// A committed change hands the dispatcher what it wrote at each lock (Locks/Fleet/DirectDelta) and
/// the dispatcher sends it without reading it back. What it sends must be exactly what planning from
/// the database gives — otherwise a lock could keep a revoked PIN while reporting the right version.
/// </summary>
public sealed class DirectDeltaTests
{
    private static readonly string[] Doors = ["dokk1-hovedindgang", "dokk1-lille-sal-doer", "dokk1-store-sal-syd"];

    /// <summary>
    /// Every kind of key change, through the real GrantService, with Locks:VerifyDirectDeltas: each
    /// direct command is also planned from the database and compared (a difference logs error 4026,
    /// which fails the host's disposal, and is counted).
    /// </summary>
    [Fact]
    public async Task EveryKindOfChange_DirectCommandEqualsWhatTheDatabasePlans_AndTheLocksEndRight()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true", "--Locks:VerifyDirectDeltas=true");
        var simulator = await host.StartSimulatorAsync(Doors);
        var metrics = host.Services.GetRequiredService<LockFleetMetrics>();
        var staff = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var weekly = new WeeklySchedule([new TimeWindow(DayOfWeek.Monday, new TimeOnly(22, 0), new TimeOnly(2, 0)), new TimeWindow(DayOfWeek.Thursday, new TimeOnly(8, 0), new TimeOnly(9, 30))]);

        // New grants (PIN pushed, mobile key tracked), one with an overnight weekly schedule.
        var (kept, keptPin) = await CreateAsync(host, staff, [Doors[0], Doors[1]], now.AddMinutes(-1), now.AddDays(3), null, "+4520000001");
        var (weeklyGrant, _) = await CreateAsync(host, staff, [Doors[1]], now.AddMinutes(-1), now.AddDays(30), weekly, "+4520000002");
        var (moved, movedPin) = await CreateAsync(host, staff, [Doors[0], Doors[1]], now.AddMinutes(-1), now.AddDays(2), null, "+4520000003");
        await WaitAppliedAsync(host, kept, weeklyGrant, moved);

        // A change: another door set and window (the PIN is re-sent, the door that left drops it, the old mobile key is revoked).
        await WithGrantsAsync(host, g => g.ChangeAsync(staff, SiteScope.Everything, moved, new GrantCommand([Doors[1], Doors[2]], new TimeInterval(now.AddMinutes(-1), now.AddDays(5)), null), CancellationToken.None));
        await WaitAppliedAsync(host, moved);
        Assert.False((await simulator[Doors[0]].EnterPinAsync(movedPin)).IsGranted);
        Assert.True((await simulator[Doors[2]].EnterPinAsync(movedPin)).IsGranted);

        // A new PIN: the old one is removed and revoked in the same change.
        await WithGrantsAsync(host, g => g.ReissuePinAsync(staff, SiteScope.Everything, kept, CancellationToken.None));
        await WaitAppliedAsync(host, kept);
        Assert.False((await simulator[Doors[0]].EnterPinAsync(keptPin)).IsGranted);

        // Revoking one grant, then the whole site (several grants at once, set-based staging).
        await WithGrantsAsync(host, g => g.RevokeAsync(staff, SiteScope.Everything, weeklyGrant, "Test", CancellationToken.None));
        await Grants.WaitForDoorsAsync(host, weeklyGrant, DoorDeliveryState.Removed);
        var site = await host.WithDbAsync(db => db.Sites.Where(s => s.Slug == "dokk1").Select(s => s.Id).SingleAsync());
        await WithGrantsAsync(host, g => g.RevokeSiteAsync(staff, SiteScope.Everything, site, "Test", lockdown: false, CancellationToken.None));
        await Grants.WaitForDoorsAsync(host, kept, DoorDeliveryState.Removed);
        await Grants.WaitForDoorsAsync(host, moved, DoorDeliveryState.Removed);
        foreach (var door in Doors)
        {
            await simulator[door].WaitUntilAsync(s => s.CredentialCount == 0, Eventually.DefaultTimeout);
        }

        Assert.Equal(0, metrics.DirectMismatched);
        // Every change above went out directly and was compared (3 creates on 2+1+2 locks, the change, the re-issue, the revocations).
        Assert.True(metrics.DirectVerified >= 10, $"compared {metrics.DirectVerified} direct commands");
        Assert.Equal(0, metrics.DirectSentWithoutTransaction); // verification plans from the database, so every turn has one
        var behind = await host.WithDbAsync(db => (from l in db.Locks join d in db.Doors on l.DoorId equals d.Id where Doors.Contains(d.Slug) && l.AppliedVersion != l.DesiredVersion select l).CountAsync());
        Assert.Equal(0, behind);
    }

    /// <summary>Commits on their own: the command leaves in a dispatcher turn without any database work, and the lock ends right.</summary>
    [Fact]
    public async Task CommitAlone_IsSentWithoutATransaction_AndOpensTheDoor()
    {
        // The seeded keys wait for locks nobody simulates here: no delivery deadline may fall due meanwhile (a due timer means a full turn).
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true", "--Locks:AckTimeout=01:00:00");
        var simulator = await host.StartSimulatorAsync([Doors[1]]);
        var metrics = host.Services.GetRequiredService<LockFleetMetrics>();
        var now = DateTimeOffset.UtcNow;
        // The lock first catches up with the seeded keys; the change below must find it idle at its desired version.
        await Eventually.ValueAsync(
            () => host.WithDbAsync(db => (from l in db.Locks join d in db.Doors on l.DoorId equals d.Id where d.Slug == Doors[1] select new { l.DesiredVersion, l.AppliedVersion }).SingleAsync()),
            versions => versions.AppliedVersion == versions.DesiredVersion && simulator[Doors[1]].Snapshot().AppliedVersion == versions.DesiredVersion,
            "the lock to hold its desired version, acknowledged");

        // One grant at a time, each applied before the next (a turn that also had a status from the lock to record would use a transaction).
        var pins = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (grant, pin) = await CreateAsync(host, Guid.NewGuid(), [Doors[1]], now.AddMinutes(-1), now.AddHours(2), null, $"+452000001{i}");
            await WaitAppliedAsync(host, grant);
            pins.Add(pin);
        }

        Assert.True(metrics.DirectSentWithoutTransaction >= 1, $"a grant's command went out without a dispatcher transaction ({metrics.DirectSent} sent directly in all)");
        foreach (var pin in pins)
        {
            Assert.True((await simulator[Doors[1]].EnterPinAsync(pin)).IsGranted);
        }
    }

    /// <summary>Locks:DirectDeltas=false: everything is planned from the database, as before; the door works the same.</summary>
    [Fact]
    public async Task Switched_Off_EveryCommandIsPlannedFromTheDatabase()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true", "--Locks:DirectDeltas=false");
        var simulator = await host.StartSimulatorAsync([Doors[1]]);
        var metrics = host.Services.GetRequiredService<LockFleetMetrics>();
        var now = DateTimeOffset.UtcNow;

        var (grant, pin) = await CreateAsync(host, Guid.NewGuid(), [Doors[1]], now.AddMinutes(-1), now.AddHours(2), null, "+4520000005");
        await WaitAppliedAsync(host, grant);
        await WithGrantsAsync(host, g => g.RevokeAsync(Guid.NewGuid(), SiteScope.Everything, grant, "Test", CancellationToken.None));
        await Grants.WaitForDoorsAsync(host, grant, DoorDeliveryState.Removed);

        Assert.Equal(0, metrics.DirectSent);
        Assert.False((await simulator[Doors[1]].EnterPinAsync(pin)).IsGranted);
    }

    private static async Task<(Guid Grant, string Pin)> CreateAsync(FleetHost host, Guid staff, string[] doors, DateTimeOffset from, DateTimeOffset until, WeeklySchedule? schedule, string phone)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<GrantService>().CreateAsync(
            staff, SiteScope.Everything, new GuestDetails("Direkte Delta", phone, null, null), null, new GrantCommand(doors, new TimeInterval(from, until), schedule), "Test", CancellationToken.None);
        return (grant.Id, await DevInbox.PinSentToAsync(host, phone));
    }



    private static async Task WithGrantsAsync(FleetHost host, Func<GrantService, Task> change)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<GrantService>());
    }

    private static async Task WaitAppliedAsync(FleetHost host, params Guid[] grants)
    {
        foreach (var grant in grants)
        {
            await Grants.WaitForDoorsAsync(host, grant, DoorDeliveryState.Applied);
        }
    }
}
