using System.Text.Json.Serialization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;

namespace GuestAccess.Server.Seeding;

// The shape of the files in seeds/ (JSON Schema: seeds/schema/*.schema.json). Reading is
// strict: unknown properties, missing required ones, nulls where a value is required and
// malformed values are all errors that name the file and line.

public sealed record SiteSeed(
    string Slug,
    string Name,
    string TimeZone,
    int MinimumAge,
    HoursSeed OpeningHours,
    DoorSeed[] Doors,
    RoomSeed[] Rooms,
    AddressSeed? Address = null,
    CoordinatesSeed? Coordinates = null,
    PolicySeed? Policy = null,
    string? Notes = null,
    [property: JsonPropertyName("$schema")] string? Schema = null);

public sealed record AddressSeed(string? Street = null, string? PostalCode = null, string? City = null);

public sealed record CoordinatesSeed(double Latitude, double Longitude);

public sealed record PolicySeed(int? MaxActiveBookingsPerCitizen = null, int? KeyGraceBeforeMinutes = null, int? KeyGraceAfterMinutes = null);

public sealed record HoursSeed(WeeklyHoursSeed[] Weekly, bool ClosedOnPublicHolidays, bool ClosedOnCustomaryDays, ExceptionSeed[]? Exceptions = null);

/// <summary>Layered hours for a set of days; where layers overlap, staffed beats self-service beats building-only.</summary>
public sealed record WeeklyHoursSeed(DaySet Days, TimeRanges? Staffed = null, TimeRanges? SelfService = null, TimeRanges? BuildingOnly = null);

public sealed record ExceptionSeed(DateOnly Date, string Name, TimeRanges? Staffed = null, TimeRanges? SelfService = null, TimeRanges? BuildingOnly = null);

public sealed record DoorSeed(string Slug, string Name, DoorKind Kind);

public sealed record RoomSeed(string Slug, string Name, int Capacity, RoomDoorSeed[] Doors, RoomEquipmentName[]? Equipment = null, RulesSeed? Rules = null);

public sealed record RoomDoorSeed(string Slug, string Name);

public sealed record RulesSeed(
    int? MinDurationMinutes = null,
    int? MaxDurationMinutes = null,
    int? SlotMinutes = null,
    int? MinNoticeMinutes = null,
    int? MaxHorizonDays = null,
    BookableHours? BookableHours = null);

/// <summary>Names for <see cref="RoomEquipment"/> flags in seed files.</summary>
public enum RoomEquipmentName
{
    HearingLoop,
    WheelchairAccess,
    Projector,
    Screen,
    Whiteboard,
    VideoConference,
    SoundSystem,
    Kitchenette,
}

public sealed record AccountsSeed(
    AccountSeed[] Accounts,
    [property: JsonPropertyName("$schema")] string? Schema = null);

public sealed record AccountSeed(string Email, string DisplayName, string Password, RoleSeed[] Roles, DateOnly? DateOfBirth = null);

public sealed record RoleSeed(Domain.Identity.Role Role, string[]? Sites = null);

public sealed record ClientsSeed(
    ClientSeed[] Clients,
    [property: JsonPropertyName("$schema")] string? Schema = null);

/// <summary>A demo OAuth client: public without a secret; with roles, a service account for client credentials.</summary>
public sealed record ClientSeed(
    string ClientId,
    string DisplayName,
    string[] GrantTypes,
    string[] Scopes,
    string? Secret = null,
    string[]? RedirectUris = null,
    string[]? PostLogoutRedirectUris = null,
    RoleSeed[]? Roles = null);
