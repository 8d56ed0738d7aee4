using GuestAccess.Domain.Rooms;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Sites;

namespace GuestAccess.Server.Rooms;

/// <summary>
/// Body of <c>POST /api/v1/admin/sites/{site}/rooms</c> (with a slug) and <c>PUT /api/v1/admin/rooms/{room}</c>
/// (the slug is ignored: it is fixed). Equipment by name (see <c>GET /api/v1/rooms</c>); doors by slug or id;
/// booking rules default to a meeting room's when left out.
/// </summary>
public sealed record RoomRequest(string? Slug, string? Name, int? Capacity, IReadOnlyList<string>? Equipment, IReadOnlyList<string>? Doors, BookingRulesDto? BookingRules) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(!AdminChecks.IsName(Name), "name", "Angiv et navn på 1-200 tegn. / Give a name of 1-200 characters.")
        .When(Capacity is null, "capacity", "Angiv antal pladser. / Give the capacity.")
        .When(!RoomMapping.TryParseEquipment(string.Join(',', Equipment ?? []), out _), "equipment", "Ukendt udstyr. / Unknown equipment.")
        .When(Doors is null || Doors.Count == 0, "doors", "Angiv mindst én dør. / Give at least one door.")
        .When(BookingRules is { } r && !Enum.IsDefined(r.BookableHours), "bookingRules.bookableHours", "anyOpening / unstaffedOnly.")
        .ToDictionary();

    public RoomSettings Settings()
    {
        RoomMapping.TryParseEquipment(string.Join(',', Equipment ?? []), out var equipment);
        return new RoomSettings(Name!, Capacity!.Value, equipment, Rules(BookingRules), Doors ?? []);
    }

    public static BookingRules Rules(BookingRulesDto? dto) => dto is null
        ? Domain.Rooms.BookingRules.Default
        : new BookingRules
        {
            MinDuration = TimeSpan.FromMinutes(dto.MinDurationMinutes),
            MaxDuration = TimeSpan.FromMinutes(dto.MaxDurationMinutes),
            SlotGranularity = TimeSpan.FromMinutes(dto.SlotMinutes),
            MinNotice = TimeSpan.FromMinutes(dto.MinNoticeMinutes),
            MaxHorizon = TimeSpan.FromDays(dto.MaxHorizonDays),
            BookableHours = dto.BookableHours,
        };
}
