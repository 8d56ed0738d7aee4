using GuestAccess.Server.Doors;
using GuestAccess.Server.Rooms;

namespace GuestAccess.Server.Sites;

/// <summary>The administration of sites, opening hours, rooms and doors: services and endpoints.</summary>
public static class AdministrationExtensions
{
    public static WebApplicationBuilder AddSiteAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SiteAdministration>();
        builder.Services.AddScoped<RoomAdministration>();
        builder.Services.AddScoped<DoorAdministration>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSiteAdministration(this IEndpointRouteBuilder routes)
    {
        routes.MapAdminSites();
        routes.MapAdminRooms();
        routes.MapAdminDoors();
        return routes;
    }
}
