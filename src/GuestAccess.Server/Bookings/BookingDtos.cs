using System.Text.Json.Serialization;
using GuestAccess.Domain.Bookings;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Rooms;

namespace GuestAccess.Server.Bookings;

/// <summary>Body of <c>POST /api/v1/bookings</c>: a room (slug or id) and an interval, in any offset.</summary>
public sealed record CreateBookingRequest(
    string? Room,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? Start,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? End,
    int? Attendees) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Room) || Room.Length > 64, "room", "room is the slug or id of a room.")
        .When(Start is null, "start", "start is required (ISO 8601 with offset).")
        .When(End is null, "end", "end is required (ISO 8601 with offset).")
        .When(Attendees is < 1 or > 10_000, "attendees", "attendees must be between 1 and 10000.")
        .ToDictionary();
}

/// <summary>Body of <c>POST /api/v1/bookings/{id}/reschedule</c>; attendees stay as they were when left out.</summary>
public sealed record RescheduleBookingRequest(
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? Start,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? End,
    int? Attendees) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Start is null, "start", "start is required (ISO 8601 with offset).")
        .When(End is null, "end", "end is required (ISO 8601 with offset).")
        .When(Attendees is < 1 or > 10_000, "attendees", "attendees must be between 1 and 10000.")
        .ToDictionary();
}

/// <summary>Query of the booking lists: <c>upcoming</c> (not ended, confirmed; the default), <c>all</c>.</summary>
/// <summary>Query of the availability endpoints: a range of local dates (default: 7 days from today).</summary>
public sealed record AvailabilityQuery(DateOnly? From, int? Days) : IValidatable
{
    public const int MaxDays = 31;

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Days is < 1 or > MaxDays, "days", $"days must be between 1 and {MaxDays}.")
        .When(From is { Year: < 2000 or > 2100 }, "from", "from must be a date between 2000 and 2100.")
        .ToDictionary();
}

public sealed record BookingListQuery(string? Show) : IValidatable
{
    public bool All => string.Equals(Show, "all", StringComparison.OrdinalIgnoreCase);

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Show is not null && !All && !string.Equals(Show, "upcoming", StringComparison.OrdinalIgnoreCase), "show", "show is 'upcoming' or 'all'.")
        .ToDictionary();
}

public sealed record BookingRoomDto(Guid Id, string Slug, string Name);

/// <summary>A booking with its key (never the key's secrets).</summary>
public sealed record BookingDto(
    Guid Id,
    BookingRoomDto Room,
    SiteRefDto Site,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Attendees,
    BookingStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    KeyDto? Key);

/// <summary>A booking with staff-only detail: who booked it.</summary>
public sealed record SiteBookingDto(BookingDto Booking, Guid CitizenId, string CitizenName);

/// <summary>
/// The answer to creating or moving a booking. <see cref="Pin"/> is shown here once and never
/// again; it is null when a retry with the same Idempotency-Key replays an earlier creation
/// (the PIN is not stored: re-issue it with <c>POST /api/v1/keys/{id}/pin</c>).
/// <see cref="MobileKey"/> is the signed token (also at <c>GET /api/v1/keys/{id}/mobile-key</c>, and as a QR code).
/// </summary>
public sealed record IssuedBookingDto(BookingDto Booking, string? Pin, string? MobileKey, bool Replayed);

public sealed record FreeBusyDto(DateTimeOffset Start, DateTimeOffset End);

public sealed record AvailabilityDayDto(DateOnly Date, IReadOnlyList<FreeBusyDto> Free, IReadOnlyList<FreeBusyDto> Busy);

/// <summary>A room's free and booked time over a range of local dates, with the rules a booking must follow.</summary>
public sealed record RoomAvailabilityDto(BookingRoomDto Room, int Capacity, BookingRulesDto Rules, IReadOnlyList<AvailabilityDayDto> Days);

/// <summary>Every room of a site with its availability.</summary>
public sealed record SiteAvailabilityDto(SiteRefDto Site, string TimeZone, int MinimumAge, IReadOnlyList<RoomAvailabilityDto> Rooms);
