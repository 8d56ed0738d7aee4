using System.Net.Http.Json;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.EndToEnd.Tests.Bookings;

/// <summary>
/// A caretaker's grants through the API, delivered to real simulated locks: the guest's PIN (read
/// from the development inbox, where the guest's SMS lands) works by the weekly schedule only, and
/// an emergency revoke leaves no door of the site that any key opens.
/// </summary>
public sealed class CaretakerGrantKeyTests
{
    private const string Entrance = "dokk1-hovedindgang";
    private const string RoomDoor = "dokk1-lille-sal-doer";

    [Fact]
    public async Task WeeklyGrant_PinOpensOnItsWeekdaysAndOvernightWindowOnly()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var locks = await host.StartSimulatorAsync([Entrance, RoomDoor]);
        using var caretaker = await Api.AsAsync(host, "pedel.dokk1@demo.guestaccess.dk");
        var start = Slots.Today.AddDays(1);
        object[] schedule = [new { day = "tuesday", start = "18:00", end = "21:30" }, new { day = "friday", start = "22:00", end = "02:00" }];

        var grant = await CreateAsync(caretaker, "+4520304050", [Entrance, RoomDoor], Slots.At(start, 0), Slots.At(start.AddDays(21), 0), schedule);
        await WaitForReadinessAsync(caretaker, grant, "ready");
        var pin = await DevInbox.PinSentToAsync(host, "+4520304050");

        var tuesday = Slots.Next(DayOfWeek.Tuesday, start.AddDays(1));
        var friday = Slots.Next(DayOfWeek.Friday, start.AddDays(1));
        foreach (var door in new[] { locks[Entrance], locks[RoomDoor] })
        {
            foreach (var (at, open) in new[]
            {
                (Slots.At(tuesday, 17, 59), false), (Slots.At(tuesday, 18), true), (Slots.At(tuesday, 21, 29), true), (Slots.At(tuesday, 21, 30), false),
                (Slots.At(tuesday.AddDays(1), 19), false), (Slots.At(tuesday.AddDays(2), 19), false),
                (Slots.At(friday, 21, 59), false), (Slots.At(friday, 23, 30), true), (Slots.At(friday.AddDays(1), 1, 59), true), (Slots.At(friday.AddDays(1), 2), false),
                (Slots.At(friday.AddDays(1), 19), false), (Slots.At(friday.AddDays(2), 19), false),
            })
            {
                door.Clock.Set(at);
                var decision = await door.EnterPinAsync(pin);
                Assert.True(open ? decision.IsGranted : decision.Reason == DenialReason.OutsideSchedule, $"{door.Id} at {at:ddd yyyy-MM-dd HH:mm zzz}: {decision.Reason}");
            }
        }
    }

    [Fact]
    public async Task EmergencyRevoke_Site_EveryDoorRefusesEveryKeyOfTheSite()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var doors = await host.WithDbAsync(db => db.Doors.Where(d => db.Sites.Any(s => s.Id == d.SiteId && s.Slug == "dokk1") && db.Locks.Any(l => l.DoorId == d.Id)).Select(d => d.Slug).ToListAsync());
        var locks = await host.StartSimulatorAsync(doors);
        using var caretaker = await Api.AsAsync(host, "pedel.dokk1@demo.guestaccess.dk");
        var now = DateTimeOffset.UtcNow;
        var everywhere = await CreateAsync(caretaker, "+4520304051", [.. doors.Take(16)], now.AddMinutes(-1), now.AddDays(2), null);
        var entrance = await CreateAsync(caretaker, "+4520304052", [Entrance], now.AddMinutes(-1), now.AddDays(2), null);
        await WaitForReadinessAsync(caretaker, everywhere, "ready");
        await WaitForReadinessAsync(caretaker, entrance, "ready");
        var pins = new[] { await DevInbox.PinSentToAsync(host, "+4520304051"), await DevInbox.PinSentToAsync(host, "+4520304052") };
        Assert.True((await locks[Entrance].EnterPinAsync(pins[0])).IsGranted);

        using var response = await caretaker.PostAsJsonAsync("/api/v1/sites/dokk1/emergency-revoke", new { reason = "Nøglebrik bortkommet" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await WaitForReadinessAsync(caretaker, everywhere, "removed");
        await WaitForReadinessAsync(caretaker, entrance, "removed");

        Assert.Equal(doors.Count, locks.Locks.Count);
        foreach (var door in locks.Locks)
        {
            Assert.DoesNotContain(everywhere.ToString("N"), door.CredentialIds);
            foreach (var pin in pins)
            {
                Assert.Equal(DenialReason.WrongPin, (await door.EnterPinAsync(pin)).Reason);
            }
        }
    }

    private static async Task<Guid> CreateAsync(HttpClient caretaker, string phone, string[] doors, DateTimeOffset from, DateTimeOffset until, object[]? schedule)
    {
        using var response = await caretaker.PostAsJsonAsync("/api/v1/grants", new
        {
            guest = new { name = "Foreningen Skak", phone, organisation = "Aarhus Skakklub" },
            doors,
            validFrom = from,
            validUntil = until,
            schedule,
            reason = "Klubaften",
        });
        return (await Api.ReadAsync<GrantView>(response)).Key.Id;
    }

    private static Task<KeyView> WaitForReadinessAsync(HttpClient caretaker, Guid grantId, string readiness) =>
        Eventually.ValueAsync(
            async () => (await caretaker.GetFromJsonAsync<GrantView>($"/api/v1/grants/{grantId}", Api.Json))!.Key,
            k => k.Readiness == readiness,
            $"the grant to be {readiness}");

    private sealed record GrantView(KeyView Key);
}
