using System.Net;
using System.Net.Http.Json;
using GuestAccess.Domain.Bookings;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Bookings;

/// <summary>Two people (or one impatient client) asking for the same thing at the same time.</summary>
public sealed class BookingConcurrencyTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private const string Room = "dokk1-lille-sal";

    [Fact]
    public async Task Create_SixteenConcurrentRequestsForOneSlot_ExactlyOneWinsTheRestAreBookingConflict()
    {
        var (start, end) = fixture.NextEvening();
        var clients = new[] { await fixture.ClientAsync(fixture.NextCitizen()), await fixture.ClientAsync(fixture.NextCitizen()) };
        using var gate = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 16).Select(async i =>
        {
            await gate.WaitAsync();
            using var response = await BookingFixture.BookAsync(clients[i % 2], Room, start, end);
            return (response.StatusCode, Code: response.IsSuccessStatusCode ? null : await Problem.PeekCodeAsync(response));
        }).ToList();
        gate.Release(requests.Count);
        var results = await Task.WhenAll(requests);

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal((HttpStatusCode.Conflict, "booking_conflict"), (r.StatusCode, r.Code)));
        Assert.Equal(1, await CountAsync(b => b.Start == start && b.RoomId == RoomId()));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Create_RetryWithSameKeyAndBody_ReplaysTheSameBookingWithoutThePin()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        var key = Guid.NewGuid().ToString();

        using var first = await BookingFixture.BookAsync(client, Room, start, end, idempotencyKey: key);
        using var retry = await BookingFixture.BookAsync(client, Room, start, end, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var original = (await first.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
        var replayed = (await retry.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
        Assert.Equal(original.Booking.Id, replayed.Booking.Id);
        Assert.Equal(original.Booking.Key!.Id, replayed.Booking.Key!.Id);
        Assert.True(replayed.Replayed);
        Assert.Null(replayed.Pin);
        Assert.NotNull(original.Pin);
    }

    [Fact]
    public async Task Create_SameKeyByRoomSlugThenRoomId_IsTheSameRequest()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        var key = Guid.NewGuid().ToString();

        using var first = await BookingFixture.BookAsync(client, Room, start, end, idempotencyKey: key);
        using var retry = await BookingFixture.BookAsync(client, RoomId().ToString(), start.ToUniversalTime(), end.ToUniversalTime(), idempotencyKey: key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
    }

    [Fact]
    public async Task Create_SameKeyDifferentBody_IsIdempotencyKeyReusedAndBooksNothing()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        var key = Guid.NewGuid().ToString();
        using var first = await BookingFixture.BookAsync(client, Room, start, end, idempotencyKey: key);

        using var other = await BookingFixture.BookAsync(client, Room, start.AddHours(-1), end.AddHours(-1), idempotencyKey: key);

        await Problem.AssertAsync(other, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(0, await CountAsync(b => b.Start == start.AddHours(-1)));
    }

    [Fact]
    public async Task Create_SameKeyFromAnotherCitizen_IsTheirOwnKey()
    {
        var (start, end) = fixture.NextEvening();
        using var one = await fixture.ClientAsync(fixture.NextCitizen());
        using var two = await fixture.ClientAsync(fixture.NextCitizen());
        var key = Guid.NewGuid().ToString();
        using var first = await BookingFixture.BookAsync(one, Room, start, end, idempotencyKey: key);

        using var second = await BookingFixture.BookAsync(two, Room, start, end, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await Problem.AssertAsync(second, HttpStatusCode.Conflict, "booking_conflict");
    }

    [Fact]
    public async Task Create_EightConcurrentRetriesWithOneKey_MakeOneBooking()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => BookingFixture.BookAsync(client, Room, start, end, idempotencyKey: key)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!.Booking.Id));
        Assert.Single(ids.Distinct());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("tab\tinside")]
    [InlineData(null)]
    public async Task Create_MalformedIdempotencyKey_IsInvalidIdempotencyKey(string? key)
    {
        key ??= new string('k', 101);
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.Shared);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(new { room = Room, start, end, attendees = 1 }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    private Guid RoomId()
    {
        using var scope = fixture.Server.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Rooms.Single(r => r.Slug == Room).Id;
    }

    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Booking, bool>> where)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Bookings.CountAsync(where);
    }
}
