using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Bookings;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Health;
using GuestAccess.Server.Identity;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Locks;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Observability;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using GuestAccess.Server.Sites;
using GuestAccess.Server.Web;

namespace GuestAccess.Server.Hosting;

/// <summary>Composes the server: one AddX/MapX per feature.</summary>
public static class ServerApp
{
    /// <summary>Where the server listens unless --urls, ASPNETCORE_URLS or Urls says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Configuration files live next to the binary; data paths are relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTelemetry(); // first: starts before and stops after every other hosted service
        builder.Services.AddApiProblems();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // Keep Danish letters readable (still escapes HTML-sensitive characters).
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        builder.Services.AddOpenApi();
        builder.AddPersistence();
        builder.AddIdentityAndAccess();
        builder.AddAudit();
        builder.AddLockFleet();
        builder.AddNotifications();
        builder.AddKeys();
        builder.AddBookings();
        builder.AddSiteAdministration();
        builder.AddWebUi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApiProblems();
        app.UseWebUi();
        app.UseIdentityAndAccess();
        app.MapOpenApi();
        app.MapHealth();
        app.MapSites();
        app.MapRooms();
        app.MapIdentityAndAccess();
        app.MapLocks();
        app.MapAdminLocks();
        app.MapSiteAdministration();
        app.MapBookings();
        app.MapKeys();
        app.MapGrants();
        app.MapDevInbox();
        app.MapAudit();
        app.MapWebUi();
        return app;
    }
}
