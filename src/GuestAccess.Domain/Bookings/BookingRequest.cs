using GuestAccess.Domain.Time;

namespace GuestAccess.Domain.Bookings;

/// <summary>Everything the booking rules need to judge one request, gathered by the caller.</summary>
/// <param name="Interval">The requested room time, in real time.</param>
/// <param name="Attendees">People attending, the booker included.</param>
/// <param name="CitizenAge">The booker's age on the booking's date, or null when unknown.</param>
/// <param name="ActiveBookingsAtSite">The booker's confirmed bookings at this site that have not ended.</param>
/// <param name="OtherBookingsOfRoom">Confirmed bookings of the same room that could overlap.</param>
/// <param name="Now">The current instant.</param>
public sealed record BookingRequest(
    TimeInterval Interval,
    int Attendees,
    int? CitizenAge,
    int ActiveBookingsAtSite,
    IReadOnlyList<TimeInterval> OtherBookingsOfRoom,
    DateTimeOffset Now);

/// <summary>One broken rule, with its stable code (for example <c>too_long</c>).</summary>
public sealed record BookingViolation(string Code, string Message);
