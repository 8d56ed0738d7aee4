using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Rooms;

/// <summary>Public information about bookable rooms: readable without signing in.</summary>
public static class RoomsApi
{
    public static RouteGroupBuilder MapRooms(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Rooms").AllowAnonymous().WithValidation();
        group.MapGet("/rooms", ListAsync).WithName("ListRooms").WithSummary("Rooms, filtered by site, capacity and equipment");
        group.MapGet("/rooms/{room}", GetAsync).WithName("GetRoom").WithSummary("One room by slug or id, with the doors a booking opens");
        group.MapGet("/sites/{site}/rooms", ListForSiteAsync).WithName("ListSiteRooms").WithSummary("The rooms of one site");
        return group;
    }

    private static async Task<Results<Ok<RoomDto[]>, ProblemHttpResult>> ListAsync([AsParameters] RoomQuery query, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var rooms = db.Rooms.AsNoTracking();
        if (query.Site is { } siteKey)
        {
            var site = await db.Sites.AsNoTracking().WhereKey(siteKey).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
            if (site is null)
            {
                return ApiProblem.Of(context, ErrorCatalog.SiteNotFound, $"No site '{siteKey}'.");
            }

            rooms = rooms.Where(r => r.SiteId == site);
        }

        if (query.MinCapacity is { } min)
        {
            rooms = rooms.Where(r => r.Capacity >= min);
        }

        RoomMapping.TryParseEquipment(query.Equipment, out var equipment);
        var found = await rooms.Include(r => r.Doors).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToDtosAsync(db, found.Where(r => (r.Equipment & equipment) == equipment), cancellationToken));
    }

    private static async Task<Results<Ok<RoomDto[]>, ProblemHttpResult>> ListForSiteAsync(string site, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken) =>
        await ListAsync(new RoomQuery(site, null, null), db, context, cancellationToken);

    private static async Task<Results<Ok<RoomDto>, ProblemHttpResult>> GetAsync(string room, GuestAccessDb db, HttpContext context, CancellationToken cancellationToken)
    {
        var found = Guid.TryParse(room, out var id)
            ? await db.Rooms.AsNoTracking().Include(r => r.Doors).SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            : await db.Rooms.AsNoTracking().Include(r => r.Doors).SingleOrDefaultAsync(r => r.Slug == room, cancellationToken);
        return found is null
            ? ApiProblem.Of(context, ErrorCatalog.RoomNotFound, $"No room '{room}'.")
            : TypedResults.Ok((await ToDtosAsync(db, [found], cancellationToken))[0]);
    }

    /// <summary>One room as the API shows it (the administration answers with it).</summary>
    internal static async Task<RoomDto> DescribeAsync(GuestAccessDb db, Room room, CancellationToken cancellationToken) =>
        (await ToDtosAsync(db, [room], cancellationToken))[0];

    private static async Task<RoomDto[]> ToDtosAsync(GuestAccessDb db, IEnumerable<Room> rooms, CancellationToken cancellationToken)
    {
        var list = rooms.ToList();
        var siteIds = list.Select(r => r.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var roomDoorIds = list.SelectMany(r => r.Doors.Select(d => d.DoorId)).ToList();
        var doors = await db.Doors.AsNoTracking()
            .Where(d => roomDoorIds.Contains(d.Id) || (siteIds.Contains(d.SiteId) && d.Kind == DoorKind.Entrance))
            .ToListAsync(cancellationToken);
        return list
            .OrderBy(r => sites[r.SiteId].Name).ThenBy(r => r.Name)
            .Select(r => RoomMapping.ToDto(r, sites[r.SiteId], doors.Where(d => (d.Kind == DoorKind.Entrance && d.SiteId == r.SiteId) || r.Doors.Any(rd => rd.DoorId == d.Id))))
            .ToArray();
    }
}
