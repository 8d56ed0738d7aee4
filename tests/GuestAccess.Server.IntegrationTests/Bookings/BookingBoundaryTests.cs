using System.Net;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Bookings;

/// <summary>
/// The rules at their edges, through the API, at Grænsebyen (weekdays self-service 07–22 with
/// staff 10–18; weekends open around the clock; its room is bookable in unstaffed hours only):
/// closing time, staffed hours, midnight and both daylight-saving changes.
/// </summary>
public sealed class BookingBoundaryTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private const string Room = "graense-aftenrum";

    [Fact]
    public async Task Book_LastSlotBeforeClosing_KeyEndsAtClosingNotAfterTheGrace()
    {
        var monday = Monday(0);
        using var client = await fixture.ClientAsync(fixture.Shared);

        var booked = await BookingFixture.BookOkAsync(client, Room, Slots.At(monday, 21, 45), Slots.At(monday, 22));

        Assert.Equal(Slots.At(monday, 21, 30), booked.Booking.Key!.ValidFrom);
        Assert.Equal(Slots.At(monday, 22), booked.Booking.Key.ValidUntil);
    }

    [Fact]
    public async Task Book_OneSlotPastClosing_IsOutsideOpeningHours()
    {
        var monday = Monday(1);
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await BookingFixture.BookAsync(client, Room, Slots.At(monday, 21, 45), Slots.At(monday, 22, 15));

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "outside_opening_hours");
    }

    [Fact]
    public async Task Book_UnstaffedOnlyRoom_RefusedIntoStaffedHoursButBookableRightAfter()
    {
        var monday = Monday(2);
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var refused = await BookingFixture.BookAsync(client, Room, Slots.At(monday, 17, 45), Slots.At(monday, 18, 15));
        var booked = await BookingFixture.BookOkAsync(client, Room, Slots.At(monday, 18), Slots.At(monday, 18, 15));

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.UnprocessableEntity, "outside_opening_hours");
        Assert.Contains("unstaffed", problem.Detail);
        Assert.Equal(Slots.At(monday, 17, 45), booked.Booking.Key!.ValidFrom); // the building is open, so the grace applies
    }

    [Fact]
    public async Task Book_AtOpening_KeyStartsAtOpeningNotBefore()
    {
        var monday = Monday(3);
        using var client = await fixture.ClientAsync(fixture.Shared);

        var booked = await BookingFixture.BookOkAsync(client, Room, Slots.At(monday, 7), Slots.At(monday, 8));

        Assert.Equal((Slots.At(monday, 7), Slots.At(monday, 8, 15)), (booked.Booking.Key!.ValidFrom, booked.Booking.Key.ValidUntil));
    }

    [Fact]
    public async Task Book_AcrossMidnightOnAWeekend_IsOneBookingWithOneKeyOverBothDays()
    {
        var saturday = Slots.Next(DayOfWeek.Saturday, Slots.Today.AddDays(2));
        using var client = await fixture.ClientAsync(fixture.Shared);

        var booked = await BookingFixture.BookOkAsync(client, Room, Slots.At(saturday, 23), Slots.At(saturday, 25));

        Assert.Equal(TimeSpan.FromHours(2), booked.Booking.End - booked.Booking.Start);
        Assert.Equal((Slots.At(saturday, 22, 45), Slots.At(saturday, 25, 15)), (booked.Booking.Key!.ValidFrom, booked.Booking.Key.ValidUntil));
    }

    [Fact]
    public async Task Book_FromFridayEveningPastMidnight_IsOutsideOpeningHours()
    {
        var friday = Slots.Next(DayOfWeek.Friday, Slots.Today.AddDays(2));
        using var client = await fixture.ClientAsync(fixture.Shared);

        using var response = await BookingFixture.BookAsync(client, Room, Slots.At(friday, 21), Slots.At(friday, 25));

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "outside_opening_hours");
    }

    [Fact]
    public async Task Book_ThroughTheSpringGap_LastsTwoRealHoursAndTheKeyFollowsRealTime()
    {
        var sunday = Slots.NextLastSundayOf(3);
        using var client = await fixture.ClientAsync(fixture.Shared);
        var start = new DateTimeOffset(sunday.ToDateTime(new TimeOnly(1, 0)), TimeSpan.FromHours(1));
        var end = new DateTimeOffset(sunday.ToDateTime(new TimeOnly(4, 0)), TimeSpan.FromHours(2));

        var booked = await BookingFixture.BookOkAsync(client, Room, start, end);

        Assert.Equal(TimeSpan.FromHours(2), booked.Booking.End - booked.Booking.Start);
        Assert.Equal(start.AddMinutes(-15), booked.Booking.Key!.ValidFrom);
        Assert.Equal(end.AddMinutes(15), booked.Booking.Key.ValidUntil);
    }

    [Fact]
    public async Task Book_TheRepeatedAutumnHour_BothOccurrencesAreSeparateSlots()
    {
        var sunday = Slots.NextLastSundayOf(10);
        using var one = await fixture.ClientAsync(fixture.Shared);
        using var two = await fixture.ClientAsync(fixture.NextCitizen());
        DateTimeOffset Summer(int h, int m) => new(sunday.ToDateTime(new TimeOnly(h, m)), TimeSpan.FromHours(2));
        DateTimeOffset Winter(int h, int m) => new(sunday.ToDateTime(new TimeOnly(h, m)), TimeSpan.FromHours(1));

        // 02:00 CEST to 02:00 CET: one real hour, from the first 02:00 to the second.
        var first = await BookingFixture.BookOkAsync(one, Room, Summer(2, 0), Winter(2, 0));
        var second = await BookingFixture.BookOkAsync(two, Room, Winter(2, 15), Winter(3, 0));
        using var clash = await BookingFixture.BookAsync(two, Room, Summer(2, 30), Winter(2, 30));

        Assert.Equal(TimeSpan.FromHours(1), first.Booking.End - first.Booking.Start);
        Assert.Equal(TimeSpan.FromMinutes(45), second.Booking.End - second.Booking.Start);
        await Problem.AssertAsync(clash, HttpStatusCode.Conflict, "booking_conflict");
        var day = await fixture.Server.GetJsonAsync<RoomAvailabilityView>($"/api/v1/rooms/{Room}/availability?from={sunday:yyyy-MM-dd}&days=1");
        var calendar = Assert.Single(day.Days);
        var total = calendar.Free.Concat(calendar.Busy).Sum(i => (i.End - i.Start).TotalHours);
        Assert.Equal(25, total); // the day has 25 hours and every one of them is free or booked
        Assert.Contains(calendar.Free, f => f.Start == Winter(2, 0) && f.End == Winter(2, 15));
    }

    private static DateOnly Monday(int week) => Slots.Next(DayOfWeek.Monday, Slots.Today.AddDays(2 + (7 * week)));
}
