using GuestAccess.Domain.Doors;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuestAccess.Server.Doors;

/// <summary>Body of <c>POST /api/v1/admin/sites/{site}/doors</c>.</summary>
public sealed record CreateDoorRequest(string? Slug, string? Name, DoorKind? Kind) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Slug), "slug", "Angiv et kortnavn. / Give a short name.")
        .When(!AdminChecks.IsName(Name), "name", "Angiv et navn på 1-200 tegn. / Give a name of 1-200 characters.")
        .When(Kind is null, "kind", "entrance / room.")
        .ToDictionary();
}

/// <summary>Body of <c>PUT /api/v1/admin/doors/{door}</c>.</summary>
public sealed record RenameDoorRequest(string? Name) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(!AdminChecks.IsName(Name), "name", "Angiv et navn på 1-200 tegn. / Give a name of 1-200 characters.")
        .ToDictionary();
}

/// <summary>Administrators add, rename and delete doors (see <see cref="DoorAdministration"/>); a lock is registered for a door with <c>POST /api/v1/admin/locks</c>.</summary>
public static class AdminDoorsApi
{
    public static RouteGroupBuilder MapAdminDoors(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin").WithTags("Administration").RequireAdmin().WithValidation();
        group.MapPost("/sites/{site}/doors", CreateAsync).WithName("CreateDoor").WithSummary("Add a door (entrance or room door) to a site");
        group.MapPut("/doors/{door}", RenameAsync).WithName("RenameDoor").WithSummary("Rename a door");
        group.MapDelete("/doors/{door}", DeleteAsync).WithName("DeleteDoor").WithSummary("Delete a door nothing depends on");
        return group;
    }

    private static async Task<Results<Created<DoorDto>, ProblemHttpResult>> CreateAsync(
        string site, CreateDoorRequest request, DoorAdministration doors, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await doors.CreateAsync(site, request.Slug!.Trim(), request.Name!, request.Kind!.Value, caller.RequiredUserId, cancellationToken);
        return result.Value is { } door ? TypedResults.Created($"/api/v1/sites/{site}", Dto(door)) : AdminSitesApi.Problem(context, result.Refusal!);
    }

    private static async Task<Results<Ok<DoorDto>, ProblemHttpResult>> RenameAsync(
        string door, RenameDoorRequest request, DoorAdministration doors, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await doors.RenameAsync(door, request.Name!, caller.RequiredUserId, cancellationToken);
        return result.Value is { } renamed ? TypedResults.Ok(Dto(renamed)) : AdminSitesApi.Problem(context, result.Refusal!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string door, DoorAdministration doors, CurrentUser caller, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await doors.DeleteAsync(door, caller.RequiredUserId, cancellationToken);
        return result.Value is not null ? TypedResults.NoContent() : AdminSitesApi.Problem(context, result.Refusal!);
    }

    private static DoorDto Dto(Door door) => new(door.Id, door.Slug, door.Name, door.Kind);
}
