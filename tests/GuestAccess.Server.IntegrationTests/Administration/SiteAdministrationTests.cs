using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Administration;

/// <summary>
/// Administrators change sites and opening hours over the API: validated, audited, and applied
/// at once to availability and the booking rules; other roles are refused.
/// </summary>
public sealed class SiteAdministrationTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    public const string Admin = "admin@demo.guestaccess.dk";

    [Fact]
    public async Task OpeningHours_ChangedByAdmin_AvailabilityAndBookingsFollowAtOnce()
    {
        using var admin = await fixture.ClientAsync(Admin);
        using var citizen = await fixture.ClientAsync(fixture.NextCitizen());
        await CreatedAsync(admin, "/api/v1/admin/sites", new { slug = "proeve", name = "Prøvebiblioteket", minimumAge = 15 });
        await CreatedAsync(admin, "/api/v1/admin/sites/proeve/doors", new { slug = "proeve-indgang", name = "Indgang", kind = "entrance" });
        await CreatedAsync(admin, "/api/v1/admin/sites/proeve/doors", new { slug = "proeve-rum-doer", name = "Rummets dør", kind = "room" });
        await CreatedAsync(admin, "/api/v1/admin/sites/proeve/rooms", new { slug = "proeve-rum", name = "Rummet", capacity = 6, doors = new[] { "proeve-rum-doer" } });
        var day = Slots.Weekday(3);

        Assert.Empty((await AvailabilityAsync(day)).Free);
        using (var closed = await BookingFixture.BookAsync(citizen, "proeve-rum", Slots.At(day, 19), Slots.At(day, 20)))
        {
            await Problem.AssertAsync(closed, HttpStatusCode.UnprocessableEntity, "outside_opening_hours");
        }

        var allWeek = Enum.GetNames<DayOfWeek>().Select(d => new { day = JsonNamingPolicy.CamelCase.ConvertName(d), periods = new[] { new { start = "08:00", end = "22:00", kind = "staffed" } } }).ToArray();
        Assert.Equal(0, await SetHoursAsync(admin, "proeve", new { weekly = allWeek }));
        Assert.Equal([(Slots.At(day, 8), Slots.At(day, 22))], (await AvailabilityAsync(day)).Free.Select(f => (f.Start, f.End)));
        await BookingFixture.BookOkAsync(citizen, "proeve-rum", Slots.At(day, 19), Slots.At(day, 20));

        var exception = new { date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), name = "Personaledag", periods = Array.Empty<object>() };
        Assert.Equal(1, await SetHoursAsync(admin, "proeve", new { weekly = allWeek, exceptions = new[] { exception } }));
        Assert.Empty((await AvailabilityAsync(day)).Free);
        using (var refused = await BookingFixture.BookAsync(citizen, "proeve-rum", Slots.At(day, 10), Slots.At(day, 11)))
        {
            await Problem.AssertAsync(refused, HttpStatusCode.UnprocessableEntity, "outside_opening_hours");
        }

        using var hours = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync($"/api/v1/sites/proeve/opening-hours?from={exception.date}&days=1"));
        Assert.Equal("Personaledag", hours.RootElement.GetProperty("days")[0].GetProperty("exception").GetString());
        Assert.Equal(0, hours.RootElement.GetProperty("days")[0].GetProperty("periods").GetArrayLength());
        Assert.Equal(2, await AuditCountAsync("site.opening_hours_changed", "proeve"));
        Assert.Equal(1, await AuditCountAsync("room.created", "proeve"));
        Assert.Equal(2, await AuditCountAsync("door.created", "proeve"));
    }

    [Fact]
    public async Task OpeningHours_OverlappingOrMalformed_400WithTheFieldAndNothingChanged()
    {
        using var admin = await fixture.ClientAsync(Admin);
        var before = await fixture.Server.Client.GetStringAsync("/api/v1/sites/viby/opening-hours?days=14");
        var overlapping = new { weekly = new[] { new { day = "monday", periods = new[] { new { start = "08:00", end = "12:00", kind = "staffed" }, new { start = "11:00", end = "14:00", kind = "selfService" } } } } };
        var malformed = new { weekly = new[] { new { day = "tuesday", periods = new[] { new { start = "8", end = "25:00", kind = "staffed" } } } } };
        var twice = new { weekly = new[] { new { day = "friday", periods = Array.Empty<object>() }, new { day = "friday", periods = Array.Empty<object>() } } };
        var backwards = new { weekly = new[] { new { day = "friday", periods = new[] { new { start = "18:00", end = "09:00", kind = "staffed" } } } } };

        foreach (var (body, field) in new (object, string)[] { (overlapping, "weekly[0].periods"), (malformed, "weekly[0].periods[0]"), (twice, "weekly[1]"), (backwards, "weekly[0].periods[0]") })
        {
            using var response = await admin.PutAsJsonAsync("/api/v1/admin/sites/viby/opening-hours", body);
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
            Assert.Contains(field, problem.Errors!.Keys);
        }

        using (var unknown = await admin.PutAsJsonAsync("/api/v1/admin/sites/no-such-site/opening-hours", new { weekly = Array.Empty<object>() }))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "site_not_found");
        }

        using var caretaker = await fixture.ClientAsync("pedel.dokk1@demo.guestaccess.dk");
        using (var forbidden = await caretaker.PutAsJsonAsync("/api/v1/admin/sites/viby/opening-hours", new { weekly = Array.Empty<object>() }))
        {
            await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(before, await fixture.Server.Client.GetStringAsync("/api/v1/sites/viby/opening-hours?days=14"));
        Assert.Equal(0, await AuditCountAsync("site.opening_hours_changed", "viby"));
    }

    [Fact]
    public async Task Sites_CreateAndUpdate_SlugsUniqueAndSettingsValidated()
    {
        using var admin = await fixture.ClientAsync(Admin);
        using (var taken = await admin.PostAsJsonAsync("/api/v1/admin/sites", new { slug = "dokk1", name = "Endnu et Dokk1" }))
        {
            await Problem.AssertAsync(taken, HttpStatusCode.Conflict, "slug_taken");
        }

        using (var badSlug = await admin.PostAsJsonAsync("/api/v1/admin/sites", new { slug = "Ny Filial", name = "Ny filial" }))
        {
            await Problem.AssertAsync(badSlug, HttpStatusCode.UnprocessableEntity, "invalid_slug");
        }

        using (var zone = await admin.PostAsJsonAsync("/api/v1/admin/sites", new { slug = "maane", name = "Månebasen", timeZone = "Moon/Tranquility" }))
        {
            await Problem.AssertAsync(zone, HttpStatusCode.UnprocessableEntity, "unknown_time_zone");
        }

        await CreatedAsync(admin, "/api/v1/admin/sites", new { slug = "ny-filial", name = "Ny Filial", address = new { street = "Tilst Skolevej 2", postalCode = "8381", city = "Tilst" }, minimumAge = 15 });
        using (var age = await admin.PutAsJsonAsync("/api/v1/admin/sites/ny-filial", new { name = "Ny Filial", minimumAge = 30 }))
        {
            await Problem.AssertAsync(age, HttpStatusCode.UnprocessableEntity, "invalid_minimum_age");
        }

        using (var policy = await admin.PutAsJsonAsync("/api/v1/admin/sites/ny-filial", new { name = "Ny Filial", policy = new { maxActiveBookingsPerCitizen = 0, keyGraceBeforeMinutes = 15, keyGraceAfterMinutes = 15 } }))
        {
            await Problem.AssertAsync(policy, HttpStatusCode.UnprocessableEntity, "invalid_site_policy");
        }

        using (var renamed = await admin.PutAsJsonAsync("/api/v1/admin/sites/ny-filial", new { name = "Ny Filial og Borgerservice", minimumAge = 16, policy = new { maxActiveBookingsPerCitizen = 2, keyGraceBeforeMinutes = 10, keyGraceAfterMinutes = 5 } }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        using var site = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/api/v1/sites/ny-filial"));
        Assert.Equal("Ny Filial og Borgerservice", site.RootElement.GetProperty("name").GetString());
        Assert.Equal(16, site.RootElement.GetProperty("minimumAge").GetInt32());
        Assert.Equal(2, site.RootElement.GetProperty("policy").GetProperty("maxActiveBookingsPerCitizen").GetInt32());
        Assert.Equal(1, await AuditCountAsync("site.created", "ny-filial"));
        Assert.Equal(1, await AuditCountAsync("site.updated", "ny-filial"));
    }

    internal static async Task CreatedAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> SetHoursAsync(HttpClient admin, string site, object body)
    {
        using var response = await admin.PutAsJsonAsync($"/api/v1/admin/sites/{site}/opening-hours", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("bookingsOutsideHours").GetInt32();
    }

    private async Task<AvailabilityDayView> AvailabilityAsync(DateOnly day) =>
        Assert.Single((await fixture.Server.GetJsonAsync<RoomAvailabilityView>($"/api/v1/rooms/proeve-rum/availability?from={day:yyyy-MM-dd}&days=1")).Days);

    internal Task<int> AuditCountAsync(string action, string siteSlug) => AuditCountAsync(fixture.Server, action, siteSlug);

    internal static async Task<int> AuditCountAsync(TestServer server, string action, string siteSlug)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var siteId = await db.Sites.Where(s => s.Slug == siteSlug).Select(s => s.Id).SingleAsync();
        return await db.AuditRecords.CountAsync(a => a.Action == action && a.SiteId == siteId);
    }
}
