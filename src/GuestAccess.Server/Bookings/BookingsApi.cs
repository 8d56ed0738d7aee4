using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Bookings;

/// <summary>
/// Citizens book rooms: availability (public), their own bookings (create with an
/// Idempotency-Key, cancel, reschedule). A booking that is not the caller's is not found (404).
/// Caretakers see the bookings of their sites.
/// </summary>
public static class BookingsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapBookings(this IEndpointRouteBuilder routes)
    {
        var calendar = routes.MapGroup("/api/v1").WithTags("Bookings").AllowAnonymous().WithValidation();
        calendar.MapGet("/rooms/{room}/availability", RoomAvailabilityAsync).WithName("GetRoomAvailability")
            .WithSummary("Free and booked time of a room over a range of dates");
        calendar.MapGet("/sites/{site}/availability", SiteAvailabilityAsync).WithName("GetSiteAvailability")
            .WithSummary("Every room of a site with its free and booked time");

        var own = routes.MapGroup("/api/v1/bookings").WithTags("Bookings").RequireCitizen().WithValidation();
        own.MapGet("/", ListAsync).WithName("ListMyBookings").WithSummary("The caller's bookings (upcoming by default; ?show=all)");
        own.MapGet("/{id:guid}", GetAsync).WithName("GetMyBooking").WithSummary("One of the caller's bookings, with its key's readiness");
        own.MapPost("/", CreateAsync).WithName("CreateBooking").RequireRateLimiting(RateLimits.Booking)
            .WithSummary("Book a room; the answer shows the PIN once. Send an Idempotency-Key to make retries safe");
        own.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelBooking").RequireRateLimiting(RateLimits.Booking)
            .WithSummary("Cancel a booking; its key is revoked at every door");
        own.MapPost("/{id:guid}/reschedule", RescheduleAsync).WithName("RescheduleBooking").RequireRateLimiting(RateLimits.Booking)
            .WithSummary("Move a booking that has not started; the old key is revoked and a new one issued (PIN shown once)");

        var staff = routes.MapGroup("/api/v1/sites/{site}/bookings").WithTags("Bookings").RequireCaretaker().WithValidation();
        staff.MapGet("/", SiteBookingsAsync).WithName("ListSiteBookings").WithSummary("The bookings of a site the caller manages (upcoming by default; ?show=all)");
        return routes;
    }

    private static async Task<Results<Ok<RoomAvailabilityDto>, ProblemHttpResult>> RoomAvailabilityAsync(
        string room, [AsParameters] AvailabilityQuery query, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var rooms = db.Rooms.AsNoTracking();
        var found = Guid.TryParse(room, out var id) ? await rooms.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) : await rooms.SingleOrDefaultAsync(r => r.Slug == room, cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.RoomNotFound, $"No room '{room}'.");
        }

        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == found.SiteId, cancellationToken);
        return TypedResults.Ok((await AvailabilityOfAsync(db, site, [found], query, clock.GetUtcNow(), cancellationToken))[0]);
    }

    private static async Task<Results<Ok<SiteAvailabilityDto>, ProblemHttpResult>> SiteAvailabilityAsync(
        string site, [AsParameters] AvailabilityQuery query, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await db.Sites.AsNoTracking().WhereKey(site).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var rooms = await db.Rooms.AsNoTracking().Where(r => r.SiteId == found.Id).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var days = await AvailabilityOfAsync(db, found, rooms, query, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new SiteAvailabilityDto(new SiteRefDto(found.Id, found.Slug, found.Name), found.TimeZoneId, found.MinimumAge, days));
    }

    private static async Task<Ok<BookingDto[]>> ListAsync([AsParameters] BookingListQuery query, CurrentUser caller, GuestAccessDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var mine = db.Bookings.Where(b => b.CitizenId == caller.RequiredUserId);
        mine = query.All ? mine : mine.Upcoming(clock.GetUtcNow());
        return TypedResults.Ok((await BookingViews.DescribeAsync(db, mine, cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> GetAsync(Guid id, CurrentUser caller, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await BookingViews.DescribeAsync(db, db.Bookings.Where(b => b.Id == id && b.CitizenId == caller.RequiredUserId), cancellationToken);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : ApiProblem.Of(context, ErrorCatalog.BookingNotFound);
    }

    private static async Task<Results<Created<IssuedBookingDto>, Ok<IssuedBookingDto>, ProblemHttpResult>> CreateAsync(
        CreateBookingRequest request, CurrentUser caller, BookingService bookings, MobileKeys mobileKeys, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        if (!TryReadIdempotencyKey(context.Request, out var key))
        {
            return ApiProblem.Of(context, ErrorCatalog.InvalidIdempotencyKey, $"{IdempotencyKeyHeader} is 1-{Booking.MaxIdempotencyKeyLength} visible ASCII characters, sent once.");
        }

        if (request.End < request.Start)
        {
            return ApiProblem.Of(context, ErrorCatalog.InvalidInterval, "The booking must end after it starts.");
        }

        var command = new BookingCommand(request.Room!, new TimeInterval(request.Start!.Value, request.End!.Value), request.Attendees ?? 1);
        var outcome = await bookings.CreateAsync(caller.RequiredUserId, command, key, cancellationToken);
        switch (outcome)
        {
            case BookingIssued issued:
                var dto = new IssuedBookingDto(await BookingViews.DescribeAsync(db, issued.Booking, cancellationToken), issued.Secrets.Pin, issued.Secrets.MobileKey, Replayed: false);
                return TypedResults.Created($"/api/v1/bookings/{issued.Booking.Id}", dto);
            case BookingReplayed replayed:
                context.Response.Headers[ReplayedHeader] = "true";
                var grant = await db.Grants.AsNoTracking().Include(g => g.Doors).SingleAsync(g => g.Id == replayed.Booking.GrantId, cancellationToken);
                var token = await mobileKeys.TokenAsync(db, grant, cancellationToken);
                return TypedResults.Ok(new IssuedBookingDto(await BookingViews.DescribeAsync(db, replayed.Booking, cancellationToken), null, token, Replayed: true));
            default:
                return Rejected(context, outcome);
        }
    }

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> CancelAsync(Guid id, CurrentUser caller, BookingService bookings, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var booking = await bookings.CancelAsync(caller.RequiredUserId, id, cancellationToken);
        return TypedResults.Ok(await BookingViews.DescribeAsync(db, booking, cancellationToken));
    }

    private static async Task<Results<Ok<IssuedBookingDto>, ProblemHttpResult>> RescheduleAsync(
        Guid id, RescheduleBookingRequest request, CurrentUser caller, BookingService bookings, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.End < request.Start)
        {
            return ApiProblem.Of(context, ErrorCatalog.InvalidInterval, "The booking must end after it starts.");
        }

        var outcome = await bookings.RescheduleAsync(caller.RequiredUserId, id, new TimeInterval(request.Start!.Value, request.End!.Value), request.Attendees, cancellationToken);
        return outcome is BookingIssued issued
            ? TypedResults.Ok(new IssuedBookingDto(await BookingViews.DescribeAsync(db, issued.Booking, cancellationToken), issued.Secrets.Pin, issued.Secrets.MobileKey, Replayed: false))
            : Rejected(context, outcome);
    }

    private static async Task<Results<Ok<SiteBookingDto[]>, ProblemHttpResult>> SiteBookingsAsync(
        string site, [AsParameters] BookingListQuery query, CurrentUser caller, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var siteId = await db.Sites.AsNoTracking().WhereKey(site).WhereSiteIn(caller.ManagedSites, s => s.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (siteId is null)
        {
            return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{site}'.");
        }

        var bookings = db.Bookings.Where(b => b.SiteId == siteId);
        bookings = query.All ? bookings : bookings.Upcoming(clock.GetUtcNow());
        var described = await BookingViews.DescribeAsync(db, bookings, cancellationToken);
        var citizenIds = await bookings.Select(b => new { b.Id, b.CitizenId }).ToDictionaryAsync(b => b.Id, b => b.CitizenId, cancellationToken);
        var ids = citizenIds.Values.Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return TypedResults.Ok(described.Select(b => new SiteBookingDto(b, citizenIds[b.Id], names[citizenIds[b.Id]])).ToArray());
    }

    private static ProblemHttpResult Rejected(HttpContext context, BookingOutcome outcome)
    {
        var violations = ((BookingRejected)outcome).Violations;
        var problem = ApiProblem.Create(context, ErrorCatalog.ForCode(violations[0].Code), violations[0].Message);
        problem.Extensions["violations"] = violations.Select(v => new { code = v.Code, message = v.Message }).ToArray();
        return TypedResults.Problem(problem);
    }

    private static async Task<RoomAvailabilityDto[]> AvailabilityOfAsync(
        GuestAccessDb db, Domain.Sites.Site site, IReadOnlyList<Room> rooms, AvailabilityQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = site.TimeZone;
        var from = query.From ?? ZonedTime.LocalDate(now, zone);
        var days = query.Days ?? 7;
        var rangeStart = ZonedTime.ResolveStart(from, TimeOnly.MinValue, zone);
        var rangeEnd = ZonedTime.ResolveStart(from.AddDays(days), TimeOnly.MinValue, zone);
        var roomIds = rooms.Select(r => r.Id).ToList();
        var booked = await db.Bookings.AsNoTracking()
            .Where(b => roomIds.Contains(b.RoomId) && b.Status == BookingStatus.Confirmed && b.Start < rangeEnd && b.End > rangeStart)
            .Select(b => new { b.RoomId, b.Start, b.End }).ToListAsync(cancellationToken);
        return rooms.Select(room =>
        {
            var busy = booked.Where(b => b.RoomId == room.Id).Select(b => new TimeInterval(b.Start, b.End)).ToList();
            var calendar = Availability.Compute(site, room, from, days, busy, now);
            return new RoomAvailabilityDto(
                new BookingRoomDto(room.Id, room.Slug, room.Name),
                room.Capacity,
                RoomMapping.Rules(room.Rules),
                calendar.Select(d => new AvailabilityDayDto(d.Date, d.Free.Select(Span).ToList(), d.Busy.Select(Span).ToList())).ToList());
        }).ToArray();
    }

    private static FreeBusyDto Span(TimeInterval interval) => new(interval.Start, interval.End);

    /// <summary>
    /// The optional Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): a string
    /// of visible ASCII, plain or as a structured-field string in quotes. Absent is fine; twice or malformed is not.
    /// </summary>
    private static bool TryReadIdempotencyKey(HttpRequest request, out string? key)
    {
        key = null;
        var values = request.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return true;
        }

        var value = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value.Length is < 1 or > Booking.MaxIdempotencyKeyLength || !value.All(c => c is >= '!' and <= '~'))
        {
            return false;
        }

        key = value;
        return true;
    }
}
