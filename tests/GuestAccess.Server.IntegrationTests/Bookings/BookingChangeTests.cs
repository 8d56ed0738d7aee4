using System.Net;
using System.Net.Http.Json;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Bookings;

/// <summary>Cancel, reschedule, a new PIN — and nobody touches someone else's booking or key.</summary>
public sealed class BookingChangeTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private const string Room = "dokk1-moedelokale-2";

    [Fact]
    public async Task Cancel_OwnBooking_CancelsItAndRevokesItsKey()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);

        using var response = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = (await response.Content.ReadFromJsonAsync<BookingView>(TestServer.Json))!;
        Assert.Equal("cancelled", cancelled.Status);
        Assert.NotNull(cancelled.CancelledAt);
        Assert.Equal("revoked", cancelled.Key!.Status);
        Assert.Equal(["MobileKey:Revoked", "Pin:Revoked"], await CredentialStatesAsync(booked.Booking.Key!.Id));
        var calendar = await fixture.Server.GetJsonAsync<RoomAvailabilityView>($"/api/v1/rooms/{Room}/availability?from={LocalDate(booked.Booking.Start):yyyy-MM-dd}&days=1");
        Assert.Empty(calendar.Days[0].Busy);
    }

    [Fact]
    public async Task Cancel_Twice_IsBookingAlreadyCancelled()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        using var first = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);

        using var second = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);

        await Problem.AssertAsync(second, HttpStatusCode.Conflict, "booking_already_cancelled");
    }

    [Fact]
    public async Task Reschedule_ToAFreeSlot_RevokesTheOldKeyAndIssuesANewOneWithANewPin()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        var (start, end) = fixture.NextEvening();

        using var response = await client.PostAsJsonAsync($"/api/v1/bookings/{booked.Booking.Id}/reschedule", new { start, end, attendees = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = (await response.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
        Assert.Equal(booked.Booking.Id, moved.Booking.Id);
        Assert.Equal((start, end, 3), (moved.Booking.Start, moved.Booking.End, moved.Booking.Attendees));
        Assert.NotEqual(booked.Booking.Key!.Id, moved.Booking.Key!.Id);
        Assert.Equal((start.AddMinutes(-15), end.AddMinutes(15)), (moved.Booking.Key.ValidFrom, moved.Booking.Key.ValidUntil));
        Assert.Matches("^[0-9]{8}$", moved.Pin);
        Assert.NotEqual(booked.Pin, moved.Pin);
        Assert.Equal(["MobileKey:Revoked", "Pin:Revoked"], await CredentialStatesAsync(booked.Booking.Key.Id));
        Assert.Equal(["MobileKey:Active", "Pin:Active"], await CredentialStatesAsync(moved.Booking.Key.Id));
        var oldKey = await client.GetFromJsonAsync<KeyView>($"/api/v1/keys/{booked.Booking.Key.Id}", TestServer.Json);
        Assert.Equal("revoked", oldKey!.Status);
    }

    [Fact]
    public async Task Reschedule_OntoSomeoneElsesBooking_IsBookingConflictAndChangesNothing()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        using var other = await fixture.ClientAsync(fixture.NextCitizen());
        var mine = await BookAsync(client);
        var theirs = await BookAsync(other);

        using var response = await client.PostAsJsonAsync($"/api/v1/bookings/{mine.Booking.Id}/reschedule", new { start = theirs.Booking.Start, end = theirs.Booking.End });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "booking_conflict");
        var unchanged = await client.GetFromJsonAsync<BookingView>($"/api/v1/bookings/{mine.Booking.Id}", TestServer.Json);
        Assert.Equal((mine.Booking.Start, mine.Booking.Key!.Id, "active"), (unchanged!.Start, unchanged.Key!.Id, unchanged.Key.Status));
    }

    [Fact]
    public async Task Reschedule_ToItsOwnOverlappingTime_IsAllowed()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);

        using var response = await client.PostAsJsonAsync(
            $"/api/v1/bookings/{booked.Booking.Id}/reschedule", new { start = booked.Booking.Start.AddMinutes(30), end = booked.Booking.End.AddMinutes(30) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reschedule_CancelledBooking_IsBookingNotActive()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        using var cancel = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);
        var (start, end) = fixture.NextEvening();

        using var response = await client.PostAsJsonAsync($"/api/v1/bookings/{booked.Booking.Id}/reschedule", new { start, end });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "booking_not_active");
    }

    [Fact]
    public async Task SomeoneElsesBookingAndKey_AreNotFoundForEveryAction()
    {
        using var owner = await fixture.ClientAsync(fixture.Shared);
        using var stranger = await fixture.ClientAsync(fixture.NextCitizen());
        var booked = await BookAsync(owner);
        var (start, end) = fixture.NextEvening();
        var id = booked.Booking.Id;
        var key = booked.Booking.Key!.Id;

        using var get = await stranger.GetAsync($"/api/v1/bookings/{id}");
        using var cancel = await stranger.PostAsync($"/api/v1/bookings/{id}/cancel", null);
        using var move = await stranger.PostAsJsonAsync($"/api/v1/bookings/{id}/reschedule", new { start, end });
        using var getKey = await stranger.GetAsync($"/api/v1/keys/{key}");
        using var pin = await stranger.PostAsync($"/api/v1/keys/{key}/pin", null);

        await Problem.AssertAsync(get, HttpStatusCode.NotFound, "booking_not_found");
        await Problem.AssertAsync(cancel, HttpStatusCode.NotFound, "booking_not_found");
        await Problem.AssertAsync(move, HttpStatusCode.NotFound, "booking_not_found");
        await Problem.AssertAsync(getKey, HttpStatusCode.NotFound, "key_not_found");
        await Problem.AssertAsync(pin, HttpStatusCode.NotFound, "key_not_found");
        var still = await owner.GetFromJsonAsync<BookingView>($"/api/v1/bookings/{id}", TestServer.Json);
        Assert.Equal("confirmed", still!.Status);
    }

    [Fact]
    public async Task ReissuePin_ActiveKey_ReturnsANewPinOnceAndReplacesTheOld()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        var key = booked.Booking.Key!.Id;

        using var response = await client.PostAsync($"/api/v1/keys/{key}/pin", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = (await response.Content.ReadFromJsonAsync<IssuedPin>(TestServer.Json))!;
        Assert.Matches("^[0-9]{8}$", issued.Pin);
        Assert.NotEqual(booked.Pin, issued.Pin);
        Assert.Equal(key, issued.KeyId);
        Assert.Equal(["MobileKey:Active", "Pin:Active", "Pin:Replaced"], await CredentialStatesAsync(key));
        Assert.DoesNotContain(issued.Pin, await client.GetStringAsync($"/api/v1/keys/{key}"));
    }

    [Fact]
    public async Task ReissuePin_RevokedKey_IsGrantNotActive()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        using var cancel = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);

        using var response = await client.PostAsync($"/api/v1/keys/{booked.Booking.Key!.Id}/pin", null);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "grant_not_active");
    }

    [Fact]
    public async Task GetKey_WithCurrentETag_Is304_AndAChangeAnswersAtOnceWhileWaiting()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var booked = await BookAsync(client);
        var path = $"/api/v1/keys/{booked.Booking.Key!.Id}";
        using var first = await client.GetAsync(path);
        var etag = first.Headers.ETag!;

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, path);
        unchanged.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(unchanged);

        using var waiting = new HttpRequestMessage(HttpMethod.Get, path + "?wait=20");
        waiting.Headers.IfNoneMatch.Add(etag);
        var poll = client.SendAsync(waiting);
        using var cancel = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);
        using var changed = await poll.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var view = (await changed.Content.ReadFromJsonAsync<KeyView>(TestServer.Json))!;
        if (view.Status != "revoked")
        {
            // Another change of the key (a door's delivery state) answered the wait first; waiting on from the
            // new ETag brings the revocation.
            using var next = new HttpRequestMessage(HttpMethod.Get, path + "?wait=20");
            next.Headers.IfNoneMatch.Add(changed.Headers.ETag!);
            using var revoked = await client.SendAsync(next).WaitAsync(TimeSpan.FromSeconds(15));
            view = (await revoked.Content.ReadFromJsonAsync<KeyView>(TestServer.Json))!;
        }

        Assert.Equal("revoked", view.Status);
    }

    private async Task<IssuedBooking> BookAsync(HttpClient client)
    {
        var (start, end) = fixture.NextEvening();
        return await BookingFixture.BookOkAsync(client, Room, start, end);
    }

    /// <summary>"Kind:Status" of every credential of the grant, sorted.</summary>
    private async Task<string[]> CredentialStatesAsync(Guid grantId)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Credentials.Where(c => c.GrantId == grantId).ToListAsync();
        return credentials.Select(c => $"{c.Kind}:{c.Status}").Order(StringComparer.Ordinal).ToArray();
    }

    private static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Slots.Zone).DateTime);
}
