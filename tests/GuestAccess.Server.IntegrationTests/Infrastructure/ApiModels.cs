namespace GuestAccess.Server.IntegrationTests.Infrastructure;

// What tests read from the API: written independently of the server's DTO types, so a change
// of the wire format breaks a test instead of silently following along.
public sealed record SiteSummary(Guid Id, string Slug, string Name, Address Address, string TimeZone, int MinimumAge, OpenNow OpenNow);

public sealed record Address(string? Street, string? PostalCode, string? City);

public sealed record OpenNow(string State, DateTimeOffset? ChangesAt);

public sealed record DoorRef(Guid Id, string Slug, string Name, string Kind);

public sealed record SiteDetail(Guid Id, string Slug, string Name, int MinimumAge, DoorRef[] Doors, RoomRef[] Rooms);

public sealed record RoomRef(Guid Id, string Slug, string Name, int Capacity);

public sealed record Room(Guid Id, string Slug, string Name, RoomSite Site, int Capacity, string[] Equipment, DoorRef[] Doors, Rules BookingRules);

public sealed record RoomSite(Guid Id, string Slug, string Name);

public sealed record Rules(int MinDurationMinutes, int MaxDurationMinutes, int SlotMinutes, int MinNoticeMinutes, int MaxHorizonDays, string BookableHours);

public sealed record Period(string Start, string End, string Kind);

public sealed record DatedPeriod(string Start, string End, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record DayHours(DateOnly Date, string DayOfWeek, string? Exception, DatedPeriod[] Periods);

public sealed record WeekdayHours(string Day, Period[] Periods);

public sealed record OpeningHoursResponse(string TimeZone, string[] HolidayClosures, WeekdayHours[] Weekly, DayHours[] Days);
