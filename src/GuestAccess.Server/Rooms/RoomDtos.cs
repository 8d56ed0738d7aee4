using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Sites;

namespace GuestAccess.Server.Rooms;

public sealed record SiteRefDto(Guid Id, string Slug, string Name);

public sealed record BookingRulesDto(
    int MinDurationMinutes,
    int MaxDurationMinutes,
    int SlotMinutes,
    int MinNoticeMinutes,
    int MaxHorizonDays,
    BookableHours BookableHours);

/// <summary>A room and every door a booking of it opens: the site's entrances and the room's own doors.</summary>
public sealed record RoomDto(
    Guid Id,
    string Slug,
    string Name,
    SiteRefDto Site,
    int Capacity,
    IReadOnlyList<string> Equipment,
    IReadOnlyList<DoorDto> Doors,
    BookingRulesDto BookingRules);

internal static class RoomMapping
{
    public static RoomDto ToDto(Room room, Site site, IEnumerable<Door> doors) => new(
        room.Id,
        room.Slug,
        room.Name,
        new SiteRefDto(site.Id, site.Slug, site.Name),
        room.Capacity,
        EquipmentNames(room.Equipment),
        doors.OrderBy(d => d.Kind).ThenBy(d => d.Name).Select(d => new DoorDto(d.Id, d.Slug, d.Name, d.Kind)).ToArray(),
        Rules(room.Rules));

    public static BookingRulesDto Rules(BookingRules rules) => new(
        (int)rules.MinDuration.TotalMinutes,
        (int)rules.MaxDuration.TotalMinutes,
        (int)rules.SlotGranularity.TotalMinutes,
        (int)rules.MinNotice.TotalMinutes,
        (int)rules.MaxHorizon.TotalDays,
        rules.BookableHours);

    /// <summary>Equipment flags as camelCase names, e.g. ["hearingLoop", "wheelchairAccess"].</summary>
    public static string[] EquipmentNames(RoomEquipment equipment) => Enum.GetValues<RoomEquipment>()
        .Where(e => e != RoomEquipment.None && equipment.HasFlag(e))
        .Select(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.ToString()))
        .ToArray();

    public static bool TryParseEquipment(string? names, out RoomEquipment equipment)
    {
        equipment = RoomEquipment.None;
        foreach (var name in (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<RoomEquipment>(name, ignoreCase: true, out var one) || int.TryParse(name, out _))
            {
                return false;
            }

            equipment |= one;
        }

        return true;
    }
}
