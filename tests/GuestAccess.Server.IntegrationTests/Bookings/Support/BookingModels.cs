using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Bookings.Support;

// What tests read from the bookings and keys API, written independently of the server's DTOs.
public sealed record BookingRoomView(Guid Id, string Slug, string Name);

public sealed record SiteRefView(Guid Id, string Slug, string Name);

public sealed record KeyDoorView(Guid Id, string Slug, string Name, string Kind, string State, string? FailureReason, DateTimeOffset? UpdatedAt);

public sealed record ScheduleWindowView(string Day, string Start, string End);

public sealed record KeyCredentialsView(DateTimeOffset? PinIssuedAt, DateTimeOffset? MobileKeyIssuedAt);

public sealed record KeyView(
    Guid Id,
    string Origin,
    Guid? BookingId,
    SiteRefView Site,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    ScheduleWindowView[]? Schedule,
    string Status,
    string Readiness,
    KeyDoorView[] Doors,
    KeyCredentialsView Credentials);

public sealed record BookingView(
    Guid Id,
    BookingRoomView Room,
    SiteRefView Site,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Attendees,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    KeyView? Key);

public sealed record IssuedBooking(BookingView Booking, string? Pin, string? MobileKey, bool Replayed);

public sealed record IssuedPin(Guid KeyId, string Pin, KeyView Key);

public sealed record SiteBookingView(BookingView Booking, Guid CitizenId, string CitizenName);

public sealed record FreeBusyView(DateTimeOffset Start, DateTimeOffset End);

public sealed record AvailabilityDayView(DateOnly Date, FreeBusyView[] Free, FreeBusyView[] Busy);

public sealed record RoomAvailabilityView(BookingRoomView Room, int Capacity, Rules Rules, AvailabilityDayView[] Days);

public sealed record SiteAvailabilityView(SiteRefView Site, string TimeZone, int MinimumAge, RoomAvailabilityView[] Rooms);

public sealed record ViolationView(string Code, string Message);
