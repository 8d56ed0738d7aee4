using System.Net;
using System.Net.Http.Json;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Bookings;

/// <summary>Booking through the API: the rules' codes reach the caller, the key comes with the booking.</summary>
public sealed class BookingApiTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private const string Room = "dokk1-moedelokale-1";

    [Fact]
    public async Task Create_FreeSlot_Returns201WithPinOnceAndAKeyForEntranceAndRoomDoor()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var (start, end) = fixture.NextEvening();

        using var response = await BookingFixture.BookAsync(client, Room, start, end, attendees: 4);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = (await response.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
        Assert.Equal($"/api/v1/bookings/{issued.Booking.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches("^[0-9]{8}$", issued.Pin);
        Assert.False(issued.Replayed);
        var booking = issued.Booking;
        Assert.Equal(("confirmed", 4, start, end), (booking.Status, booking.Attendees, booking.Start, booking.End));
        var key = booking.Key!;
        Assert.Equal(["dokk1-hovedindgang", "dokk1-moedelokale-1-doer"], key.Doors.Select(d => d.Slug));
        Assert.Equal(("booking", booking.Id, "active"), (key.Origin, key.BookingId!.Value, key.Status));
        Assert.Equal((start.AddMinutes(-15), end.AddMinutes(15)), (key.ValidFrom, key.ValidUntil));
        Assert.NotNull(key.Credentials.PinIssuedAt);

        var again = await client.GetStringAsync($"/api/v1/bookings/{booking.Id}");
        var keys = await client.GetStringAsync("/api/v1/keys");
        Assert.DoesNotContain(issued.Pin!, again);
        Assert.DoesNotContain(issued.Pin!, keys);
        Assert.Contains(booking.Id.ToString(), keys);
    }

    [Fact]
    public async Task Create_SlotTakenBySomeoneElse_IsBookingConflict()
    {
        var (start, end) = fixture.NextEvening();
        using var first = await fixture.ClientAsync(fixture.Shared);
        using var second = await fixture.ClientAsync(fixture.NextCitizen());
        await BookingFixture.BookOkAsync(first, Room, start, end);

        using var response = await BookingFixture.BookAsync(second, Room, start.AddMinutes(30), end.AddMinutes(30));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict, "booking_conflict");
        Assert.Equal("Lokalet er allerede booket på det tidspunkt", problem.Title);
    }

    [Fact]
    public async Task Create_UnderDokk1sMinimumAge_IsUnderMinimumAgeWithEnglishTitleOnRequest()
    {
        var (start, end) = fixture.NextEvening();
        using var young = await fixture.ClientAsync("ung@demo.guestaccess.dk");
        young.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        using var response = await BookingFixture.BookAsync(young, Room, start, end);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "under_minimum_age");
        Assert.Equal("You are under this library's minimum age", problem.Title);
        Assert.Contains("18", problem.Detail);
    }

    [Fact]
    public async Task Create_SeveralRulesBroken_ListsEveryViolationMostFundamentalFirst()
    {
        var day = Slots.Weekday(0);
        using var client = await fixture.ClientAsync(fixture.Shared);

        // 21:10–23:10: off the 15-minute grid, past closing (22:00), and 20 people in a room for 16.
        using var response = await BookingFixture.BookAsync(client, Room, Slots.At(day, 21, 10), Slots.At(day, 23, 10), attendees: 20);

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "not_on_slot_boundary");
        var violations = await Violations(response);
        Assert.Equal(["not_on_slot_boundary", "outside_opening_hours", "over_capacity"], violations.Select(v => v.Code));
    }

    [Theory]
    [InlineData(19, 0, 23, 30, "too_long")]
    [InlineData(19, 0, 19, 15, "too_short")]
    [InlineData(21, 30, 22, 30, "outside_opening_hours")]
    [InlineData(19, 0, 19, 0, "invalid_interval")]
    public async Task Create_RuleBroken_AnswersWithTheRulesCode(int fromHour, int fromMinute, int toHour, int toMinute, string code)
    {
        var day = Slots.Weekday(1);
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await BookingFixture.BookAsync(client, Room, Slots.At(day, fromHour, fromMinute), Slots.At(day, toHour, toMinute));

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task Create_EndBeforeStart_IsInvalidInterval()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await BookingFixture.BookAsync(client, Room, end, start);

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_interval");
    }

    [Fact]
    public async Task Create_InThePastAndTooFarAhead_AreRefused()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var past = Slots.Weekday(0, daysAhead: -30);
        var far = Slots.Weekday(0, daysAhead: 120);

        using var early = await BookingFixture.BookAsync(client, Room, Slots.At(past, 19), Slots.At(past, 20));
        using var late = await BookingFixture.BookAsync(client, Room, Slots.At(far, 19), Slots.At(far, 20));

        await Problem.AssertAsync(early, HttpStatusCode.UnprocessableEntity, "in_the_past");
        await Problem.AssertAsync(late, HttpStatusCode.UnprocessableEntity, "too_far_ahead");
    }

    [Fact]
    public async Task Create_LocalTimeWithoutOffset_IsMalformedRequest()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await client.PostAsJsonAsync("/api/v1/bookings", new { room = Room, start = "2030-01-07T19:00:00", end = "2030-01-07T20:00:00", attendees = 2 });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("start", problem.Detail);
    }

    [Fact]
    public async Task Create_UnknownRoom_IsRoomNotFound()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await BookingFixture.BookAsync(client, "atlantis-sal", start, end);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "room_not_found");
    }

    [Fact]
    public async Task Create_FourthUpcomingBookingAtOneSite_IsTooManyActiveBookings()
    {
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        for (var i = 0; i < 3; i++)
        {
            var day = Slots.Weekday(i, daysAhead: 3);
            await BookingFixture.BookOkAsync(client, "aaby-studiekredslokalet", Slots.At(day, 20), Slots.At(day, 21));
        }

        var fourth = Slots.Weekday(3, daysAhead: 3);
        using var response = await BookingFixture.BookAsync(client, "aaby-studiekredslokalet", Slots.At(fourth, 20), Slots.At(fourth, 21));

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "too_many_active_bookings");
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersUpcomingBookings()
    {
        var (start, end) = fixture.NextEvening();
        using var mine = await fixture.ClientAsync(fixture.NextCitizen());
        using var theirs = await fixture.ClientAsync(fixture.NextCitizen());
        var booked = await BookingFixture.BookOkAsync(mine, "dokk1-moedelokale-2", start, end);

        var my = await mine.GetFromJsonAsync<BookingView[]>("/api/v1/bookings", TestServer.Json);
        var their = await theirs.GetFromJsonAsync<BookingView[]>("/api/v1/bookings", TestServer.Json);

        Assert.Equal([booked.Booking.Id], my!.Select(b => b.Id));
        Assert.Empty(their!);
    }

    [Fact]
    public async Task SiteBookings_CaretakerOfTheSiteSeesWhoBooked_OtherCaretakerGets404()
    {
        var (start, end) = fixture.NextEvening();
        using var client = await fixture.ClientAsync(fixture.NextCitizen());
        var booked = await BookingFixture.BookOkAsync(client, "dokk1-undervisningslokale", start, end);
        using var caretaker = await fixture.ClientAsync("pedel.dokk1@demo.guestaccess.dk");
        using var other = await fixture.ClientAsync("pedel.syd@demo.guestaccess.dk");

        var seen = await caretaker.GetFromJsonAsync<SiteBookingView[]>("/api/v1/sites/dokk1/bookings", TestServer.Json);
        using var hidden = await other.GetAsync("/api/v1/sites/dokk1/bookings");

        var row = Assert.Single(seen!, b => b.Booking.Id == booked.Booking.Id);
        Assert.StartsWith("Test Borger", row.CitizenName);
        await Problem.AssertAsync(hidden, HttpStatusCode.NotFound, "site_not_found");
    }

    [Fact]
    public async Task Availability_AfterABooking_ShowsItBusyAndTheRestFree()
    {
        var (start, end) = fixture.NextEvening();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, Slots.Zone).DateTime);
        using var client = await fixture.ClientAsync(fixture.Shared);
        await BookingFixture.BookOkAsync(client, "dokk1-store-sal", start, end);

        var calendar = await fixture.Server.GetJsonAsync<RoomAvailabilityView>($"/api/v1/rooms/dokk1-store-sal/availability?from={day:yyyy-MM-dd}&days=1");

        var today = Assert.Single(calendar.Days);
        Assert.Equal(day, today.Date);
        Assert.Equal([(start, end)], today.Busy.Select(b => (b.Start, b.End)));
        Assert.Equal([(Slots.At(day, 8), start), (end, Slots.At(day, 22))], today.Free.Select(f => (f.Start, f.End)));
        Assert.Equal(30, calendar.Rules.SlotMinutes);
    }

    [Fact]
    public async Task SiteAvailability_ListsEveryRoomOfTheSite()
    {
        var calendar = await fixture.Server.GetJsonAsync<SiteAvailabilityView>("/api/v1/sites/aaby/availability?days=3");

        Assert.Equal(["aaby-salen", "aaby-studiekredslokalet"], calendar.Rooms.Select(r => r.Room.Slug));
        Assert.All(calendar.Rooms, r => Assert.Equal(3, r.Days.Length));
    }

    [Fact]
    public async Task Availability_TooManyDays_IsValidationFailed()
    {
        using var response = await fixture.Server.Client.GetAsync("/api/v1/rooms/dokk1-store-sal/availability?days=400");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["days"], problem.Errors!.Keys);
    }

    private static async Task<ViolationView[]> Violations(HttpResponseMessage response)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return System.Text.Json.JsonSerializer.Deserialize<ViolationView[]>(json.RootElement.GetProperty("violations"), TestServer.Json)!;
    }
}
