using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Bookings;

public sealed class BookingPolicyTests
{
    // Åby as seeded: self-service 07–22 every day, staffed Mon–Thu 10–18; grace 15 minutes.
    private static readonly Site Aaby = Site("aaby", day => day is >= DayOfWeek.Monday and <= DayOfWeek.Thursday
        ? [P("07:00", "10:00", OpeningKind.SelfService), P("10:00", "18:00", OpeningKind.Staffed), P("18:00", "22:00", OpeningKind.SelfService)]
        : [P("07:00", "22:00", OpeningKind.SelfService)]);

    private static readonly Site AroundTheClock = Site("doegn", _ => [P("00:00", "00:00", OpeningKind.SelfService)]);

    private static readonly Room Studiekreds = Room(BookingRules.Default);

    [Theory]
    [InlineData("2026-11-23T20:00", "2026-11-23T22:00")] // Monday evening up to the last minute of unstaffed hours
    [InlineData("2026-11-23T07:00", "2026-11-23T09:00")] // from the first minute
    [InlineData("2026-11-23T17:00", "2026-11-23T19:00")] // across staffed → self-service (any opening)
    public void Check_InsideOpeningHours_IsAllowed(string start, string end)
    {
        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request(start, end)));
    }

    [Theory]
    [InlineData("2026-11-23T20:00", "2026-11-23T22:15")] // past closing
    [InlineData("2026-11-23T06:45", "2026-11-23T08:00")] // before opening
    [InlineData("2026-11-23T21:45", "2026-11-24T07:15")] // overnight in a closed building
    public void Check_OutsideOpeningHours_IsRejected(string start, string end)
    {
        AssertOnly(BookingPolicy.OutsideOpeningHours, BookingPolicy.Check(Aaby, Room(BookingRules.Default with { MaxDuration = TimeSpan.FromDays(1) }), Request(start, end)));
    }

    [Theory]
    [InlineData("2026-11-23T18:00", "2026-11-23T20:00", true)]
    [InlineData("2026-11-23T17:45", "2026-11-23T19:00", false)] // the last quarter of staffed hours
    [InlineData("2026-11-23T09:00", "2026-11-23T10:00", true)]
    [InlineData("2026-11-23T09:00", "2026-11-23T10:15", false)]
    [InlineData("2026-11-27T12:00", "2026-11-27T14:00", true)] // Friday: no staff all day
    public void Check_UnstaffedOnlyRoom_OnlyInUnstaffedHours(string start, string end, bool allowed)
    {
        var room = Room(BookingRules.Default with { BookableHours = BookableHours.UnstaffedOnly });

        var violations = BookingPolicy.Check(Aaby, room, Request(start, end));

        Assert.Equal(allowed, violations.Count == 0);
    }

    [Fact]
    public void Check_AcrossMidnightAtAroundTheClockSite_IsAllowed()
    {
        Assert.Empty(BookingPolicy.Check(AroundTheClock, Studiekreds, Request("2026-11-23T23:00", "2026-11-24T01:00")));
    }

    [Fact]
    public void Check_OnSpringForwardNight_UsesRealDurationAndLocalSlots()
    {
        // 01:30 CET to 03:30 CEST is one real hour; both ends are on local quarter hours.
        var request = Request(Utc("2026-03-29T00:30Z"), Utc("2026-03-29T01:30Z"));

        Assert.Empty(BookingPolicy.Check(AroundTheClock, Studiekreds, request));
    }

    [Fact]
    public void Check_OnFallBackNight_RepeatedHourCountsAsTwoRealHours()
    {
        // 01:45 CEST to 02:45 CET: two real hours (02:00–03:00 happens twice).
        var request = Request(Utc("2026-10-24T23:45Z"), Utc("2026-10-25T01:45Z"));
        var room = Room(BookingRules.Default with { MaxDuration = TimeSpan.FromMinutes(90) });

        AssertOnly(BookingPolicy.TooLong, BookingPolicy.Check(AroundTheClock, room, request));
    }

    [Theory]
    [InlineData("2026-11-23T20:10", "2026-11-23T21:00")]
    [InlineData("2026-11-23T20:00", "2026-11-23T21:05")]
    public void Check_OffTheSlotGrid_IsRejected(string start, string end)
    {
        AssertOnly(BookingPolicy.NotOnSlotBoundary, BookingPolicy.Check(Aaby, Studiekreds, Request(start, end)));
    }

    [Fact]
    public void Check_TooShortAndTooLong_AtTheirBoundaries()
    {
        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T18:00", "2026-11-23T18:30")));
        AssertOnly(BookingPolicy.TooShort, BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T18:00", "2026-11-23T18:15")));
        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T18:00", "2026-11-23T22:00")));
        AssertOnly(BookingPolicy.TooLong, BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T13:45", "2026-11-23T18:00")));
    }

    [Fact]
    public void Check_NoticeAndHorizon_AtTheirBoundaries()
    {
        var start = Local("2026-11-23T20:00");

        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request(start, start.AddHours(1), now: start.AddMinutes(-15))));
        AssertOnly(BookingPolicy.TooShortNotice, BookingPolicy.Check(Aaby, Studiekreds, Request(start, start.AddHours(1), now: start.AddMinutes(-14))));
        AssertOnly(BookingPolicy.InThePast, BookingPolicy.Check(Aaby, Studiekreds, Request(start, start.AddHours(1), now: start.AddMinutes(1))));
        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request(start, start.AddHours(1), now: start.AddDays(-90))));
        AssertOnly(BookingPolicy.TooFarAhead, BookingPolicy.Check(Aaby, Studiekreds, Request(start, start.AddHours(1), now: start.AddDays(-90).AddMinutes(-1))));
    }

    [Theory]
    [InlineData(12, null)]
    [InlineData(13, BookingPolicy.OverCapacity)]
    [InlineData(0, BookingPolicy.InvalidAttendees)]
    public void Check_Attendees_WithinCapacity(int attendees, string? code)
    {
        var violations = BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T20:00", "2026-11-23T21:00", attendees: attendees));

        Assert.Equal(code, violations.SingleOrDefault()?.Code);
    }

    [Theory]
    [InlineData(18, null)]
    [InlineData(17, BookingPolicy.UnderMinimumAge)]
    [InlineData(null, BookingPolicy.AgeNotVerified)]
    public void Check_MinimumAge(int? age, string? code)
    {
        var site = Site("dokk1", _ => [P("08:00", "22:00", OpeningKind.SelfService)], minimumAge: 18);

        var violations = BookingPolicy.Check(site, Studiekreds, Request("2026-11-23T20:00", "2026-11-23T21:00", age: age));

        Assert.Equal(code, violations.SingleOrDefault()?.Code);
    }

    [Fact]
    public void Check_CapOnActiveBookings_CountsTheRequestedOne()
    {
        Assert.Empty(BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T20:00", "2026-11-23T21:00", active: 2)));
        AssertOnly(BookingPolicy.TooManyActiveBookings, BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T20:00", "2026-11-23T21:00", active: 3)));
    }

    [Theory]
    [InlineData("2026-11-23T20:30", "2026-11-23T21:30", true)]
    [InlineData("2026-11-23T19:00", "2026-11-23T20:00", false)] // ends as ours starts
    [InlineData("2026-11-23T21:00", "2026-11-23T22:00", false)] // starts as ours ends
    [InlineData("2026-11-23T19:00", "2026-11-23T22:00", true)]
    public void Check_OtherBookingOfTheRoom_ConflictsOnlyWhenOverlapping(string otherStart, string otherEnd, bool conflict)
    {
        var other = new TimeInterval(Local(otherStart), Local(otherEnd));

        var violations = BookingPolicy.Check(Aaby, Studiekreds, Request("2026-11-23T20:00", "2026-11-23T21:00", others: [other]));

        Assert.Equal(conflict, violations.Any(v => v.Code == BookingPolicy.BookingConflict));
    }

    [Fact]
    public void KeyWindow_EveningBooking_OpensWithGraceButEndsAtClosing()
    {
        var window = BookingPolicy.KeyWindow(Aaby, new TimeInterval(Local("2026-11-23T20:00"), Local("2026-11-23T22:00")));

        Assert.Equal(Local("2026-11-23T19:45"), window.Start);
        Assert.Equal(Local("2026-11-23T22:00"), window.End);
    }

    [Fact]
    public void KeyWindow_MorningBooking_NotBeforeTheBuildingOpens()
    {
        var window = BookingPolicy.KeyWindow(Aaby, new TimeInterval(Local("2026-11-23T07:00"), Local("2026-11-23T08:00")));

        Assert.Equal(Local("2026-11-23T07:00"), window.Start);
        Assert.Equal(Local("2026-11-23T08:15"), window.End);
    }

    private static void AssertOnly(string code, IReadOnlyList<BookingViolation> violations) =>
        Assert.Equal([code], violations.Select(v => v.Code));

    private static BookingRequest Request(string start, string end, int attendees = 4, int? age = 30, int active = 0, TimeInterval[]? others = null) =>
        Request(Local(start), Local(end), attendees, age, active, others, Local("2026-11-20T12:00"));

    private static BookingRequest Request(DateTimeOffset start, DateTimeOffset end, int attendees = 4, int? age = 30, int active = 0, TimeInterval[]? others = null, DateTimeOffset? now = null) =>
        new(new TimeInterval(start, end), attendees, age, active, others ?? [], now ?? start.AddDays(-2));

    private static OpeningPeriod P(string start, string end, OpeningKind kind) => new(T(start), T(end), kind);

    private static Site Site(string slug, Func<DayOfWeek, OpeningPeriod[]> hours, int minimumAge = 15)
    {
        var site = new Site(Guid.NewGuid(), slug, slug, "Europe/Copenhagen");
        site.SetMinimumAge(minimumAge);
        site.SetOpeningHours(new OpeningHours(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => (IReadOnlyList<OpeningPeriod>)hours(d)), []));
        return site;
    }

    private static Room Room(BookingRules rules)
    {
        var room = new Room(Guid.NewGuid(), Guid.NewGuid(), "rum", "Studiekredslokalet", 12);
        room.SetRules(rules);
        return room;
    }
}
