using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuestAccess.Server.Rooms;

/// <summary>Administrators create, change and delete rooms (see <see cref="RoomAdministration"/>).</summary>
public static class AdminRoomsApi
{
    public static RouteGroupBuilder MapAdminRooms(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin").WithTags("Administration").RequireAdmin().WithValidation();
        group.MapPost("/sites/{site}/rooms", CreateAsync).WithName("CreateRoom").WithSummary("Create a room at a site, with its room doors and booking rules");
        group.MapPut("/rooms/{room}", UpdateAsync).WithName("UpdateRoom").WithSummary("Change a room's name, capacity, equipment, booking rules and doors");
        group.MapDelete("/rooms/{room}", DeleteAsync).WithName("DeleteRoom").WithSummary("Delete a room that has never been booked");
        return group;
    }

    private static async Task<Results<Created<RoomDto>, ProblemHttpResult>> CreateAsync(
        string site, RoomRequest request, RoomAdministration rooms, GuestAccessDb db, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Slug))
        {
            return AdminSitesApi.Problem(context, new AdminRefusal(Infrastructure.Problems.ErrorCatalog.InvalidSlug, "Give a short name (slug).", "slug"));
        }

        var result = await rooms.CreateAsync(site, request.Slug.Trim(), request.Settings(), caller.RequiredUserId, cancellationToken);
        return result.Value is { } room
            ? TypedResults.Created($"/api/v1/rooms/{room.Slug}", await RoomsApi.DescribeAsync(db, room, cancellationToken))
            : AdminSitesApi.Problem(context, result.Refusal!);
    }

    private static async Task<Results<Ok<RoomDto>, ProblemHttpResult>> UpdateAsync(
        string room, RoomRequest request, RoomAdministration rooms, GuestAccessDb db, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await rooms.UpdateAsync(room, request.Settings(), caller.RequiredUserId, cancellationToken);
        return result.Value is { } changed ? TypedResults.Ok(await RoomsApi.DescribeAsync(db, changed, cancellationToken)) : AdminSitesApi.Problem(context, result.Refusal!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string room, RoomAdministration rooms, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await rooms.DeleteAsync(room, caller.RequiredUserId, cancellationToken);
        return result.Value is not null ? TypedResults.NoContent() : AdminSitesApi.Problem(context, result.Refusal!);
    }
}
