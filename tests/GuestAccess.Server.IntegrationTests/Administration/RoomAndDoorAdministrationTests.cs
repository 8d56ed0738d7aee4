using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Administration;

/// <summary>
/// Administrators create, change and delete rooms and doors over the API: a room's doors are room
/// doors of its own site, slugs are unique, and nothing with upcoming bookings, keys, a lock or a
/// history is deleted or rewired.
/// </summary>
public sealed class RoomAndDoorAdministrationTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    [Fact]
    public async Task Rooms_CreateChangeDelete_DoorsOfTheOwnSiteAndRulesValidated()
    {
        using var admin = await fixture.ClientAsync(SiteAdministrationTests.Admin);
        await SiteAdministrationTests.CreatedAsync(admin, "/api/v1/admin/sites/dokk1/doors", new { slug = "dokk1-lab-doer", name = "Labbets dør", kind = "room" });
        var room = new { slug = "dokk1-lab", name = "Labbet", capacity = 8, equipment = new[] { "projector", "hearingLoop" }, doors = new[] { "dokk1-lab-doer" } };

        foreach (var (body, status, code) in new (object, HttpStatusCode, string)[]
        {
            (room with { doors = ["viby-salen-doer"] }, HttpStatusCode.UnprocessableEntity, "door_not_at_site"),
            (room with { doors = ["dokk1-hovedindgang"] }, HttpStatusCode.UnprocessableEntity, "door_not_at_site"),
            (room with { doors = ["no-such-door"] }, HttpStatusCode.NotFound, "door_not_found"),
            (room with { capacity = 0 }, HttpStatusCode.UnprocessableEntity, "invalid_capacity"),
            (room with { slug = "dokk1-store-sal" }, HttpStatusCode.Conflict, "slug_taken"),
            (room with { equipment = new[] { "jacuzzi" } }, HttpStatusCode.BadRequest, "validation_failed"),
        })
        {
            using var refused = await admin.PostAsJsonAsync("/api/v1/admin/sites/dokk1/rooms", body);
            await Problem.AssertAsync(refused, status, code);
        }

        using (var rules = await admin.PostAsJsonAsync("/api/v1/admin/sites/dokk1/rooms", new { room.slug, room.name, room.capacity, room.doors, bookingRules = new { minDurationMinutes = 120, maxDurationMinutes = 60, slotMinutes = 30, minNoticeMinutes = 0, maxHorizonDays = 30, bookableHours = "anyOpening" } }))
        {
            await Problem.AssertAsync(rules, HttpStatusCode.UnprocessableEntity, "invalid_booking_rules");
        }

        await SiteAdministrationTests.CreatedAsync(admin, "/api/v1/admin/sites/dokk1/rooms", room);
        var created = await fixture.Server.GetJsonAsync<JsonElement>("/api/v1/rooms/dokk1-lab");
        Assert.Equal(["hearingLoop", "projector"], created.GetProperty("equipment").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Contains("dokk1-lab-doer", created.GetProperty("doors").EnumerateArray().Select(d => d.GetProperty("slug").GetString()));
        Assert.Contains("dokk1-hovedindgang", created.GetProperty("doors").EnumerateArray().Select(d => d.GetProperty("slug").GetString()));

        using (var changed = await admin.PutAsJsonAsync("/api/v1/admin/rooms/dokk1-lab", room with { name = "Makerlabbet", capacity = 12 }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        Assert.Equal(12, (await fixture.Server.GetJsonAsync<JsonElement>("/api/v1/rooms/dokk1-lab")).GetProperty("capacity").GetInt32());
        using (var doorInUse = await admin.DeleteAsync("/api/v1/admin/doors/dokk1-lab-doer"))
        {
            await Problem.AssertAsync(doorInUse, HttpStatusCode.Conflict, "door_in_use");
        }

        using (var deleted = await admin.DeleteAsync("/api/v1/admin/rooms/dokk1-lab"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await fixture.Server.Client.GetAsync("/api/v1/rooms/dokk1-lab"))
        {
            await Problem.AssertAsync(gone, HttpStatusCode.NotFound, "room_not_found");
        }

        using (var doorDeleted = await admin.DeleteAsync("/api/v1/admin/doors/dokk1-lab-doer"))
        {
            Assert.Equal(HttpStatusCode.NoContent, doorDeleted.StatusCode);
        }

        Assert.Equal(1, await SiteAdministrationTests.AuditCountAsync(fixture.Server, "room.created", "dokk1"));
        Assert.Equal(1, await SiteAdministrationTests.AuditCountAsync(fixture.Server, "room.updated", "dokk1"));
        Assert.Equal(1, await SiteAdministrationTests.AuditCountAsync(fixture.Server, "room.deleted", "dokk1"));
        Assert.Equal(1, await SiteAdministrationTests.AuditCountAsync(fixture.Server, "door.deleted", "dokk1"));
    }

    [Fact]
    public async Task Rooms_WithAnUpcomingBooking_DeleteAndDoorChangeRefused_RulesStillChange()
    {
        using var admin = await fixture.ClientAsync(SiteAdministrationTests.Admin);
        using var citizen = await fixture.ClientAsync(fixture.NextCitizen());
        var (start, end) = fixture.NextEvening();
        await BookingFixture.BookOkAsync(citizen, "aaby-salen", start, end);
        var doors = (await fixture.Server.GetJsonAsync<JsonElement>("/api/v1/rooms/aaby-salen")).GetProperty("doors").EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "room").Select(d => d.GetProperty("slug").GetString()!).ToArray();
        await SiteAdministrationTests.CreatedAsync(admin, "/api/v1/admin/sites/aaby/doors", new { slug = "aaby-salen-bagdoer", name = "Salens bagdør", kind = "room" });

        using (var delete = await admin.DeleteAsync("/api/v1/admin/rooms/aaby-salen"))
        {
            await Problem.AssertAsync(delete, HttpStatusCode.Conflict, "room_has_active_bookings");
        }

        using (var rewire = await admin.PutAsJsonAsync("/api/v1/admin/rooms/aaby-salen", new { name = "Salen", capacity = 40, doors = doors.Append("aaby-salen-bagdoer") }))
        {
            await Problem.AssertAsync(rewire, HttpStatusCode.Conflict, "room_has_active_bookings");
        }

        using (var rules = await admin.PutAsJsonAsync("/api/v1/admin/rooms/aaby-salen", new { name = "Salen", capacity = 40, doors, bookingRules = new { minDurationMinutes = 60, maxDurationMinutes = 180, slotMinutes = 60, minNoticeMinutes = 60, maxHorizonDays = 60, bookableHours = "anyOpening" } }))
        {
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        }

        var calendar = await fixture.Server.GetJsonAsync<RoomAvailabilityView>("/api/v1/rooms/aaby-salen/availability?days=1");
        Assert.Equal(60, calendar.Rules.SlotMinutes);
        Assert.Equal(40, calendar.Capacity);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, Slots.Zone).DateTime);
        using (var halfHour = await BookingFixture.BookAsync(citizen, "aaby-salen", Slots.At(day, 8, 30), Slots.At(day, 10)))
        {
            await Problem.AssertAsync(halfHour, HttpStatusCode.UnprocessableEntity, "not_on_slot_boundary");
        }
    }

    [Fact]
    public async Task Doors_AddRenameDelete_RefusedWhileALockOrKeysDependOnIt()
    {
        using var admin = await fixture.ClientAsync(SiteAdministrationTests.Admin);
        await SiteAdministrationTests.CreatedAsync(admin, "/api/v1/admin/sites/viby/doors", new { slug = "viby-bagdoer", name = "Bagdør", kind = "entrance" });
        using (var taken = await admin.PostAsJsonAsync("/api/v1/admin/sites/viby/doors", new { slug = "viby-bagdoer", name = "Bagdør", kind = "entrance" }))
        {
            await Problem.AssertAsync(taken, HttpStatusCode.Conflict, "slug_taken");
        }

        using (var noKind = await admin.PostAsJsonAsync("/api/v1/admin/sites/viby/doors", new { slug = "viby-sidedoer", name = "Sidedør" }))
        {
            Assert.Contains("kind", (await Problem.AssertAsync(noKind, HttpStatusCode.BadRequest, "validation_failed")).Errors!.Keys);
        }

        using (var renamed = await admin.PutAsJsonAsync("/api/v1/admin/doors/viby-bagdoer", new { name = "Bagdøren mod parken" }))
        {
            Assert.Equal("Bagdøren mod parken", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }

        using (var registered = await admin.PostAsJsonAsync("/api/v1/admin/locks", new { door = "viby-bagdoer", lockId = "viby-bagdoer" }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using (var hasLock = await admin.DeleteAsync("/api/v1/admin/doors/viby-bagdoer"))
        {
            await Problem.AssertAsync(hasLock, HttpStatusCode.Conflict, "door_has_lock");
        }

        using (var withKeys = await admin.DeleteAsync("/api/v1/admin/doors/dokk1-hovedindgang"))
        {
            await Problem.AssertAsync(withKeys, HttpStatusCode.Conflict, "door_has_lock");
        }

        using (var unknown = await admin.DeleteAsync("/api/v1/admin/doors/no-such-door"))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "door_not_found");
        }

        using var caretaker = await fixture.ClientAsync("pedel.dokk1@demo.guestaccess.dk");
        using (var forbidden = await caretaker.PutAsJsonAsync("/api/v1/admin/doors/dokk1-hovedindgang", new { name = "Hoveddøren" }))
        {
            await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(1, await SiteAdministrationTests.AuditCountAsync(fixture.Server, "door.renamed", "viby"));
    }
}
