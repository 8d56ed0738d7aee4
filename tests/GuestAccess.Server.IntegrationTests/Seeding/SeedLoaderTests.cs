using GuestAccess.Domain.Identity;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Seeding;

public sealed class SeedLoaderTests
{
    [Fact]
    public async Task Apply_SameFilesAgain_ChangesNothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<SeedLoader>().ApplyAsync(SeedReader.ReadDirectory(SeedFiles.Shipped), includeAccounts: true);

        Assert.Equal(new SeedResult(0, 0, 0), result);
    }

    [Fact]
    public async Task Seed_TwoFreshDatabases_GetTheSameIds()
    {
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();

        var a = await first.GetJsonAsync<SiteDetail>("/api/v1/sites/dokk1");
        var b = await second.GetJsonAsync<SiteDetail>("/api/v1/sites/dokk1");

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Doors.Select(d => d.Id), b.Doors.Select(d => d.Id));
    }

    [Fact]
    public async Task Seed_EveryDoorHasOneLockNamedLikeTheDoor()
    {
        await using var server = await TestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();

        var doors = await db.Doors.ToListAsync();
        var locks = await db.Locks.ToListAsync();

        Assert.Equal(doors.Count, locks.Count);
        Assert.All(doors, d => Assert.Equal(d.Slug, Assert.Single(locks, l => l.DoorId == d.Id).DeviceId));
    }

    [Fact]
    public async Task Restart_DataSurvivesAndIfEmptyKeepsAdministratorEdits()
    {
        await using var first = await TestServer.StartAsync();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            (await db.Sites.SingleAsync(s => s.Slug == "harlev")).Rename("Harlev Bibliotek og Borgerservice");
            await db.SaveChangesAsync();
        }

        await first.StopAsync();
        await using var second = await TestServer.StartAsync(first.DataDirectory);

        var harlev = await second.GetJsonAsync<SiteDetail>("/api/v1/sites/harlev");
        Assert.Equal("Harlev Bibliotek og Borgerservice", harlev.Name);
        Assert.Equal(TestServer.Provider == DatabaseProvider.Sqlite, File.Exists(Path.Combine(first.DataDirectory, "guestaccess.db")));
    }

    [Fact]
    public async Task SeedModeAlways_ChangedFile_UpdatesHoursAndRooms()
    {
        using var seeds = new SeedFiles();
        await using var first = await TestServer.StartAsync(null, $"--Seed:Directory={seeds.Directory}");
        await first.StopAsync();
        seeds.Edit(seeds.Site("aaby"), json => json
            .Replace("\"staffed\": \"10:00-18:00\"", "\"staffed\": \"12:00-17:00\"")
            .Replace("\"capacity\": 12", "\"capacity\": 14"));

        await using var second = await TestServer.StartAsync(first.DataDirectory, $"--Seed:Directory={seeds.Directory}", "--Seed:Mode=Always");

        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var aaby = await db.Sites.SingleAsync(s => s.Slug == "aaby");
        Assert.Equal(
            ["07:00-12:00 SelfService", "12:00-17:00 Staffed", "17:00-22:00 SelfService"],
            aaby.OpeningHours.WeeklyPeriods(DayOfWeek.Tuesday).Select(p => p.ToString()));
        Assert.Equal(14, (await db.Rooms.SingleAsync(r => r.Slug == "aaby-studiekredslokalet")).Capacity);
        Assert.Equal(OpeningKind.SelfService, aaby.OpeningHours.KindAt(DateTimeOffset.Parse("2026-11-24T10:30:00Z"), aaby.TimeZone));
    }

    [Fact]
    public async Task DemoAccounts_Development_CreatedWithSiteScopedRoles()
    {
        await using var server = await TestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();

        var caretaker = await db.Users.SingleAsync(u => u.Email == "pedel.syd@demo.guestaccess.dk");
        var sites = await db.RoleAssignments.Where(r => r.UserId == caretaker.Id)
            .Join(db.Sites, r => r.SiteId, s => s.Id, (r, s) => new { r.Role, s.Slug }).ToListAsync();

        Assert.Equal(8, await db.Users.CountAsync(u => u.Kind == AccountKind.Person));
        Assert.Equal("demo-integration.client", (await db.Users.SingleAsync(u => u.Kind == AccountKind.Service)).UserName);
        Assert.True(await db.Users.AllAsync(u => u.IsDemo));
        Assert.All(sites, s => Assert.Equal(Role.Caretaker, s.Role));
        Assert.Equal(["aaby", "hoejbjerg", "tranbjerg", "viby"], sites.Select(s => s.Slug).Order());
        Assert.NotEqual("Demo-2026!", caretaker.PasswordHash); // stored hashed, never in plain text
        Assert.Null(await db.RoleAssignments.Where(r => r.Role == Role.Admin).Select(r => r.SiteId).SingleAsync());
    }

    [Fact]
    public async Task DemoAccounts_Production_AreNeverCreated()
    {
        await using var server = await TestServer.StartAsync(null, "--environment=Production");
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();

        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(18, await db.Sites.CountAsync());
        Assert.Contains(server.Logs.Entries, e => e.EventId.Id == 1201);
    }
}
