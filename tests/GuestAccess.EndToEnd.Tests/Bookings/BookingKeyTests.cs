using System.Net.Http.Json;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.IntegrationTests.Bookings.Support;

namespace GuestAccess.EndToEnd.Tests.Bookings;

/// <summary>
/// A citizen books through the API; the key travels through the outbox, the embedded broker and
/// MQTT to real simulated locks, and the PIN and mobile key work there exactly inside the key
/// window. Once a door has applied the key its lock decides offline, with its own clock, which the
/// tests move to the instants that matter.
/// </summary>
public sealed class BookingKeyTests
{
    private const string Entrance = "dokk1-hovedindgang";
    private const string RoomDoor = "dokk1-lille-sal-doer";

    [Fact]
    public async Task Book_PinAndMobileKey_OpenEntranceAndRoomDoorInsideTheKeyWindowOnly()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var locks = await host.StartSimulatorAsync([Entrance, RoomDoor]);
        using var citizen = await Api.AsAsync(host, "borger@demo.guestaccess.dk");
        var day = Slots.Weekday(0);

        var issued = await BookAsync(citizen, Slots.At(day, 19), Slots.At(day, 20));
        var key = await Api.WaitForKeyAsync(citizen, issued.Booking.Key.Id, "ready");

        Assert.Equal([Entrance, RoomDoor], key.Doors.Select(d => d.Slug));
        Assert.All(key.Doors, d => Assert.Equal("ready", d.State));
        foreach (var door in new[] { locks[Entrance], locks[RoomDoor] })
        {
            door.Clock.Set(Slots.At(day, 19, 30));
            Assert.True((await door.EnterPinAsync(issued.Pin!)).IsGranted, $"PIN at {door.Id} during the booking");
            Assert.True((await door.PresentMobileKeyAsync(issued.MobileKey!)).IsGranted, $"mobile key at {door.Id} during the booking");

            door.Clock.Set(Slots.At(day, 18, 44));
            Assert.Equal(DenialReason.NotYetValid, (await door.EnterPinAsync(issued.Pin!)).Reason);
            door.Clock.Set(Slots.At(day, 18, 45));
            Assert.True((await door.EnterPinAsync(issued.Pin!)).IsGranted, $"PIN at {door.Id} at the start of the grace period");
            door.Clock.Set(Slots.At(day, 20, 14));
            Assert.True((await door.EnterPinAsync(issued.Pin!)).IsGranted, $"PIN at {door.Id} in the last minute of the grace period");
            door.Clock.Set(Slots.At(day, 20, 15));
            Assert.Equal(DenialReason.Expired, (await door.EnterPinAsync(issued.Pin!)).Reason);
            Assert.Equal(DenialReason.Expired, (await door.PresentMobileKeyAsync(issued.MobileKey!)).Reason);
        }
    }

    [Fact]
    public async Task Cancel_AppliedBooking_BothDoorsRefuseThePinAndTheMobileKey()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var locks = await host.StartSimulatorAsync([Entrance, RoomDoor]);
        using var citizen = await Api.AsAsync(host, "borger@demo.guestaccess.dk");
        var day = Slots.Weekday(1);
        var issued = await BookAsync(citizen, Slots.At(day, 19), Slots.At(day, 20));
        await Api.WaitForKeyAsync(citizen, issued.Booking.Key.Id, "ready");

        using var cancel = await citizen.PostAsync($"/api/v1/bookings/{issued.Booking.Id}/cancel", null);
        var key = await Api.WaitForKeyAsync(citizen, issued.Booking.Key.Id, "removed");

        Assert.Equal("revoked", key.Status);
        foreach (var door in new[] { locks[Entrance], locks[RoomDoor] })
        {
            Assert.DoesNotContain(issued.Booking.Key.Id.ToString("N"), door.CredentialIds);
            door.Clock.Set(Slots.At(day, 19, 30));
            Assert.Equal(DenialReason.WrongPin, (await door.EnterPinAsync(issued.Pin!)).Reason);
            Assert.Equal(DenialReason.Revoked, (await door.PresentMobileKeyAsync(issued.MobileKey!)).Reason);
        }
    }

    [Fact]
    public async Task Reschedule_AppliedBooking_OldPinStopsAndTheNewOneWorksInTheNewWindow()
    {
        await using var host = await FleetHost.StartAsync("--Seed:DemoAccounts=true");
        var locks = await host.StartSimulatorAsync([Entrance, RoomDoor]);
        using var citizen = await Api.AsAsync(host, "borger@demo.guestaccess.dk");
        var day = Slots.Weekday(2);
        var first = await BookAsync(citizen, Slots.At(day, 19), Slots.At(day, 20));
        await Api.WaitForKeyAsync(citizen, first.Booking.Key.Id, "ready");

        using var move = await citizen.PostAsJsonAsync($"/api/v1/bookings/{first.Booking.Id}/reschedule", new { start = Slots.At(day, 20), end = Slots.At(day, 21) });
        var moved = await Api.ReadAsync<IssuedBooking>(move);
        await Api.WaitForKeyAsync(citizen, moved.Booking.Key.Id, "ready");
        await Api.WaitForKeyAsync(citizen, first.Booking.Key.Id, "removed");

        var room = locks[RoomDoor];
        room.Clock.Set(Slots.At(day, 20, 30));
        Assert.Equal(DenialReason.WrongPin, (await room.EnterPinAsync(first.Pin!)).Reason);
        Assert.True((await room.EnterPinAsync(moved.Pin!)).IsGranted);
        room.Clock.Set(Slots.At(day, 19, 30));
        Assert.Equal(DenialReason.NotYetValid, (await room.EnterPinAsync(moved.Pin!)).Reason);
    }

    private static async Task<IssuedBooking> BookAsync(HttpClient client, DateTimeOffset start, DateTimeOffset end)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/bookings", new { room = "dokk1-lille-sal", start, end, attendees = 3 });
        return await Api.ReadAsync<IssuedBooking>(response);
    }
}
