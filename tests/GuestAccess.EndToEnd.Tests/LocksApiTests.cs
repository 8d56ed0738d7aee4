using System.Net;
using System.Net.Http.Json;
using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>The caretaker's API with a real token, all the way to the simulated doors.</summary>
public sealed class LocksApiTests
{
    private const string Entrance = "dokk1-hovedindgang";
    private const string Room = "dokk1-lille-sal-doer";

    [Fact]
    public async Task RemoteUnlock_Caretaker_OpensTheDoorOnceAndReportsApplied()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var simulator = await host.StartSimulatorAsync([Entrance]);
        using var api = await ApiClient.DemoIntegrationAsync(host);
        var before = simulator[Entrance].Snapshot().LastEventSequence;

        using var response = await api.PostAsJsonAsync($"/api/v1/locks/{Entrance}/remote-unlock", new { reason = "Rengøringsholdet lukkes ind", durationSeconds = 3 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var applied = await Eventually.ValueAsync(async () => await ApiClient.ReadAsync(await api.GetAsync(location)), s => s.GetProperty("state").GetString() == "applied", "the remote unlock to be applied");
        Assert.Equal("Rengøringsholdet lukkes ind", applied.GetProperty("reason").GetString());
        var entry = await Entries.WaitForAsync(host, Entrance, before + 1);
        Assert.Equal(Domain.Entries.EntryMethod.RemoteUnlock, entry.Method);
        Assert.Equal(Domain.Entries.EntryOutcome.Granted, entry.Outcome);
    }

    [Fact]
    public async Task Lockdown_Caretaker_EveryDoorRefusesUntilLiftedThenAcceptsAgain()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var simulator = await host.StartSimulatorAsync([Entrance, Room]);
        var grant = await Grants.IssuePinAsync(host, [Entrance, Room], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        using var api = await ApiClient.DemoIntegrationAsync(host);

        using (var response = await api.PostAsJsonAsync("/api/v1/sites/dokk1/lockdown", new { reason = "Brandalarm" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        foreach (var door in simulator.Locks)
        {
            await door.WaitUntilAsync(s => s.Lockdown, Eventually.DefaultTimeout);
            var refused = await door.EnterPinAsync(grant.Pin);
            Assert.Equal(DenialReason.Lockdown, refused.Reason);
        }

        var locks = await ApiClient.ReadAsync(await api.GetAsync("/api/v1/sites/dokk1/locks"));
        Assert.All(locks.EnumerateArray(), l => Assert.True(l.GetProperty("lockdown").GetBoolean()));
        Assert.Equal(DoorDeliveryState.Failed, (await Grants.DoorStatesAsync(host, grant.GrantId)).Distinct().Single());

        using (var response = await api.DeleteAsync("/api/v1/sites/dokk1/lockdown"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        foreach (var door in simulator.Locks)
        {
            await door.WaitUntilAsync(s => !s.Lockdown, Eventually.DefaultTimeout);
            Assert.True((await door.EnterPinAsync(grant.Pin)).IsGranted);
        }
    }

    [Fact]
    public async Task LockEndpoints_CaretakerOfAnotherSite_SeeNothing()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        using var api = await ApiClient.DemoIntegrationAsync(host);

        using var list = await api.GetAsync("/api/v1/sites/viby/locks");
        using var unlock = await api.PostAsJsonAsync("/api/v1/locks/viby-hovedindgang/remote-unlock", new { reason = "Forsøg" });
        using var lockdown = await api.PostAsJsonAsync("/api/v1/sites/viby/lockdown", new { reason = "Forsøg" });
        using var invalid = await api.PostAsJsonAsync($"/api/v1/locks/{Entrance}/remote-unlock", new { reason = "", durationSeconds = 120 });

        Assert.Equal("site_not_found", (await ApiClient.ReadAsync(list)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unlock.StatusCode);
        Assert.Equal("lock_not_found", (await ApiClient.ReadAsync(unlock)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, lockdown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await ApiClient.ReadAsync(invalid);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("durationSeconds", out _));
    }
}
