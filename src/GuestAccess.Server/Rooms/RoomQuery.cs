using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Rooms;

/// <summary>Filters of <c>GET /api/v1/rooms</c>.</summary>
public sealed record RoomQuery(string? Site, int? MinCapacity, string? Equipment) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(MinCapacity is < 1 or > 10_000, "minCapacity", "minCapacity must be between 1 and 10000.")
        .When(!RoomMapping.TryParseEquipment(Equipment, out _), "equipment", "equipment is a comma-separated list of: hearingLoop, wheelchairAccess, projector, screen, whiteboard, videoConference, soundSystem, kitchenette.")
        .ToDictionary();
}
