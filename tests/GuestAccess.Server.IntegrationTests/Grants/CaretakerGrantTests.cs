using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Grants.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuestAccess.Server.IntegrationTests.Grants.Support.GrantRequests;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>Caretakers give named guests access to doors of their own sites; the key goes to the guest only.</summary>
public sealed partial class CaretakerGrantTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private static readonly string[] Doors = ["dokk1-hovedindgang", "dokk1-undervisningslokale-doer"];

    [Fact]
    public async Task Create_GuestAtOwnSite_IsCreatedWithoutThePinAndTheGuestGetsPinBySmsAndMobileKeyByEmail()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (from, until) = Window();

        using var response = await CreateAsync(caretaker, Guest(tag), Doors, from, until);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var grant = (await response.Content.ReadFromJsonAsync<GrantView>(TestServer.Json))!;
        Assert.Equal(("guest", $"Gæst {tag}", "Rengøring A/S"), (grant.Holder.Kind, grant.Holder.Name, grant.Holder.Organisation));
        Assert.Equal(("staff", "Rengøring om aftenen"), (grant.Key.Origin, grant.Reason));
        Assert.Equal(Doors, grant.Key.Doors.Select(d => d.Slug));
        var messages = await InboxAsync(fixture, grant.Holder.Email!, 1);
        var sms = await InboxAsync(fixture, grant.Holder.Phone!, 1);
        var pin = Pin(sms[0].Text);
        Assert.Equal(pin, Pin(messages[0].Text));
        Assert.DoesNotContain(pin, body);
        Assert.Null(sms[0].MobileKey);
        Assert.NotNull(messages[0].MobileKey);
        Assert.Contains("Dokk1", messages[0].Subject);
        Assert.Contains("Hovedindgang", sms[0].Text);
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Notifications().Where(n => n.GrantId == grant.Key.Id).ToListAsync();
        Assert.All(sent, n => Assert.Equal((NotificationStatus.Sent, (string?)null), (n.Status, n.ProtectedBody)));
    }

    [Fact]
    public async Task Create_DoorOfAnotherCaretakersSite_IsDoorNotInYourSites()
    {
        using var south = await fixture.ClientAsync(OtherCaretaker);
        var (from, until) = Window();

        using var response = await CreateAsync(south, Guest("x"), ["viby-hovedindgang", "dokk1-hovedindgang"], from, until);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "door_not_in_your_sites");
        Assert.Contains("dokk1-hovedindgang", problem.Detail);
    }

    [Fact]
    public async Task Create_DoorsOfTwoSites_IsDoorsSpanSites()
    {
        using var admin = await fixture.ClientAsync(Admin);
        var (from, until) = Window();

        using var response = await CreateAsync(admin, Guest("y"), ["viby-hovedindgang", "dokk1-hovedindgang"], from, until);

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "doors_span_sites");
    }

    [Fact]
    public async Task Create_UnknownDoorNoContactBadScheduleOrEndedPeriod_AreRefusedWithCodes()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();

        using var unknown = await CreateAsync(caretaker, Guest("u"), ["dokk1-bagdoer"], from, until);
        using var noContact = await CreateAsync(caretaker, Guest("c", phone: false, email: false), Doors, from, until);
        using var badSchedule = await CreateAsync(caretaker, Guest("s"), Doors, from, until, [new { day = "caturday", start = "18:00", end = "20:00" }]);
        using var ended = await CreateAsync(caretaker, Guest("e"), Doors, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1));

        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "door_not_found");
        Assert.Contains("guest.phone", (await Problem.AssertAsync(noContact, HttpStatusCode.BadRequest, "validation_failed")).Errors!.Keys);
        Assert.Contains("schedule", (await Problem.AssertAsync(badSchedule, HttpStatusCode.BadRequest, "validation_failed")).Errors!.Keys);
        await Problem.AssertAsync(ended, HttpStatusCode.UnprocessableEntity, "invalid_validity");
    }

    [Fact]
    public async Task GrantService_NoDoorsOrNoGuest_IsRefusedBeforeAnythingIsWritten()
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<GuestAccess.Server.Grants.GrantService>();
        var now = DateTimeOffset.UtcNow;
        var guest = new GuestAccess.Server.Grants.GuestDetails("Gæst", "+4512345678", null, null);
        var period = new GuestAccess.Domain.Time.TimeInterval(now, now.AddDays(1));

        var noDoors = await Assert.ThrowsAsync<GuestAccess.Domain.Common.DomainException>(() => service.CreateAsync(
            Guid.NewGuid(), GuestAccess.Server.Identity.Authorization.SiteScope.Everything, guest, null, new([], period, null), "Test", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(
            Guid.NewGuid(), GuestAccess.Server.Identity.Authorization.SiteScope.Everything, null, null, new(Doors, period, null), "Test", CancellationToken.None));

        Assert.Equal("grant_without_door", noDoors.Code);
    }

    [Fact]
    public async Task Create_WeeklyScheduleWithAnOvernightWindow_ReachesTheLocksAndTheMobileKey()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();
        object[] schedule = [new { day = "tuesday", start = "18:00", end = "21:30" }, new { day = "friday", start = "22:00", end = "02:00" }];

        var grant = await CreateOkAsync(caretaker, Guest("w"), Doors, from, until, schedule);

        Assert.Equal([("tuesday", "18:00", "21:30"), ("friday", "22:00", "02:00")], grant.Key.Schedule!.Select(w => (w.Day, w.Start, w.End)));
        var email = await InboxAsync(fixture, grant.Holder.Email!, 1);
        Assert.Contains("fredag (Friday) 22:00–02:00", email[0].Text);
        Assert.Contains("\"sch\"", MobileKeyPayload(email[0].MobileKey!));
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().LockCredentialEntries().Where(e => e.GrantId == grant.Key.Id && e.Kind == LockCredentialKind.Pin).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Contains("\"from\":\"22:00\",\"to\":\"02:00\"", e.Schedule));
    }

    [Fact]
    public async Task GrantsAndGuests_OfAnotherCaretakersSite_AreNotFound()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        using var south = await fixture.ClientAsync(OtherCaretaker);
        var (from, until) = Window();
        var grant = await CreateOkAsync(caretaker, Guest("h"), Doors, from, until);

        using var get = await south.GetAsync($"/api/v1/grants/{grant.Key.Id}");
        using var revoke = await south.PostAsJsonAsync($"/api/v1/grants/{grant.Key.Id}/revoke", new { reason = "Ikke min" });
        using var guest = await south.GetAsync($"/api/v1/guests/{grant.Holder.Id}");
        using var all = await south.PostAsJsonAsync($"/api/v1/guests/{grant.Holder.Id}/revoke-all", new { reason = "Ikke min" });
        var list = await south.GetFromJsonAsync<GrantView[]>("/api/v1/grants", TestServer.Json);
        using var inbox = await south.GetAsync("/api/v1/dev/inbox");

        await Problem.AssertAsync(get, HttpStatusCode.NotFound, "grant_not_found");
        await Problem.AssertAsync(revoke, HttpStatusCode.NotFound, "grant_not_found");
        await Problem.AssertAsync(guest, HttpStatusCode.NotFound, "guest_not_found");
        await Problem.AssertAsync(all, HttpStatusCode.NotFound, "guest_not_found");
        Assert.DoesNotContain(list!, g => g.Key.Id == grant.Key.Id);
        Assert.Equal(HttpStatusCode.Forbidden, inbox.StatusCode);
    }

    [Fact]
    public async Task Change_NewPeriodAndDoors_KeepsThePinReplacesTheMobileKeyAndTellsTheGuest()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();
        var grant = await CreateOkAsync(caretaker, Guest("c2", phone: false), Doors, from, until);
        var first = (await InboxAsync(fixture, grant.Holder.Email!, 1))[0];

        using var response = await caretaker.PutAsJsonAsync($"/api/v1/grants/{grant.Key.Id}", new { doors = new[] { "dokk1-hovedindgang" }, validFrom = from, validUntil = until.AddDays(7) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = (await response.Content.ReadFromJsonAsync<GrantView>(TestServer.Json))!;
        Assert.Equal(["dokk1-hovedindgang"], changed.Key.Doors.Select(d => d.Slug));
        Assert.Equal(until.AddDays(7), changed.Key.ValidUntil);
        var second = (await InboxAsync(fixture, grant.Holder.Email!, 2)).OrderBy(m => m.ReceivedAt).Last();
        Assert.Contains("ændret", second.Subject);
        Assert.NotEqual(MobileKeyPayload(first.MobileKey!), MobileKeyPayload(second.MobileKey!));
        Assert.DoesNotMatch(PinPattern(), second.Text.Replace(grant.Holder.Email!, string.Empty, StringComparison.Ordinal));
        Assert.Equal(["MobileKey:Active", "MobileKey:Replaced", "Pin:Active"], await CredentialStatesAsync(grant.Key.Id));
    }

    [Fact]
    public async Task ResendPin_GuestGrant_AcceptedWithoutThePinAndTheGuestGetsANewOne()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();
        var grant = await CreateOkAsync(caretaker, Guest("p", email: false), Doors, from, until);
        var oldPin = Pin((await InboxAsync(fixture, grant.Holder.Phone!, 1))[0].Text);

        using var response = await caretaker.PostAsync($"/api/v1/grants/{grant.Key.Id}/pin", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messages = await InboxAsync(fixture, grant.Holder.Phone!, 2);
        var newPin = Pin(messages.OrderBy(m => m.ReceivedAt).Last().Text);
        Assert.NotEqual(oldPin, newPin);
        Assert.DoesNotContain(newPin, await response.Content.ReadAsStringAsync());
        Assert.Equal(["MobileKey:Active", "Pin:Active", "Pin:Replaced"], await CredentialStatesAsync(grant.Key.Id));
    }

    [Fact]
    public async Task Revoke_GuestGrant_RevokesEveryCredentialAndTellsTheGuest()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();
        var grant = await CreateOkAsync(caretaker, Guest("r", phone: false), Doors, from, until);

        using var response = await caretaker.PostAsJsonAsync($"/api/v1/grants/{grant.Key.Id}/revoke", new { reason = "Opgaven er løst" });
        using var again = await caretaker.PostAsJsonAsync($"/api/v1/grants/{grant.Key.Id}/revoke", new { reason = "Igen" });

        var revoked = (await response.Content.ReadFromJsonAsync<GrantView>(TestServer.Json))!;
        Assert.Equal(("revoked", "Opgaven er løst"), (revoked.Key.Status, revoked.RevokeReason));
        await Problem.AssertAsync(again, HttpStatusCode.Conflict, "grant_not_active");
        Assert.Equal(["MobileKey:Revoked", "Pin:Revoked"], await CredentialStatesAsync(grant.Key.Id));
        var messages = await InboxAsync(fixture, grant.Holder.Email!, 2);
        Assert.Contains(messages, m => m.Subject.Contains("trukket tilbage", StringComparison.Ordinal) && m.MobileKey is null);
    }

    [Fact]
    public async Task RevokeAll_Guest_RevokesEachActiveGrantAtTheCallersSites()
    {
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (from, until) = Window();
        var first = await CreateOkAsync(caretaker, Guest("a"), Doors, from, until);
        using var second = await caretaker.PostAsJsonAsync("/api/v1/grants", new { guestId = first.Holder.Id, doors = new[] { "dokk1-lille-sal-doer" }, validFrom = from, validUntil = until, reason = "Opstilling" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        using var response = await caretaker.PostAsJsonAsync($"/api/v1/guests/{first.Holder.Id}/revoke-all", new { reason = "Kontrakten er ophørt" });

        var result = (await response.Content.ReadFromJsonAsync<HolderRevokedView>(TestServer.Json))!;
        Assert.Equal(("guest", 2), (result.Kind, result.Revoked));
        var left = await caretaker.GetFromJsonAsync<GrantView[]>($"/api/v1/grants?guest={first.Holder.Id}", TestServer.Json);
        Assert.Empty(left!);
    }

    [Fact]
    public async Task RevokeAll_Citizen_CancelsTheirBookingsAtTheCallersSitesOnly()
    {
        using var citizen = await fixture.ClientAsync(fixture.NextCitizen());
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (start, end) = fixture.NextEvening();
        var atDokk1 = await BookingFixture.BookOkAsync(citizen, "dokk1-lille-sal", start, end);
        var atAaby = await BookingFixture.BookOkAsync(citizen, "aaby-salen", start, end);
        var me = await citizen.GetFromJsonAsync<MeView>("/api/v1/me", TestServer.Json);

        using var response = await caretaker.PostAsJsonAsync($"/api/v1/citizens/{me!.Id}/revoke-all", new { reason = "Misbrug af lokalet" });

        var result = (await response.Content.ReadFromJsonAsync<HolderRevokedView>(TestServer.Json))!;
        Assert.Equal([atDokk1.Booking.Key!.Id], result.Grants);
        var bookings = await citizen.GetFromJsonAsync<BookingView[]>("/api/v1/bookings?show=all", TestServer.Json);
        Assert.Equal("cancelled", bookings!.Single(b => b.Id == atDokk1.Booking.Id).Status);
        Assert.Equal(("confirmed", "active"), (bookings!.Single(b => b.Id == atAaby.Booking.Id).Status, bookings.Single(b => b.Id == atAaby.Booking.Id).Key!.Status));
    }

    [Fact]
    public async Task BookingKey_CaretakerRevokesIt_CancelsTheBooking_ButCannotEditIt()
    {
        using var citizen = await fixture.ClientAsync(fixture.Shared);
        using var caretaker = await fixture.ClientAsync(Caretaker);
        var (start, end) = fixture.NextEvening();
        var booked = await BookingFixture.BookOkAsync(citizen, "dokk1-moedelokale-1", start, end);
        var key = booked.Booking.Key!.Id;

        using var edit = await caretaker.PutAsJsonAsync($"/api/v1/grants/{key}", new { doors = new[] { "dokk1-hovedindgang" }, validFrom = start, validUntil = end });
        using var revoke = await caretaker.PostAsJsonAsync($"/api/v1/grants/{key}/revoke", new { reason = "Lokalet skal bruges til valg" });

        await Problem.AssertAsync(edit, HttpStatusCode.Conflict, "grant_from_booking");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var booking = await citizen.GetFromJsonAsync<BookingView>($"/api/v1/bookings/{booked.Booking.Id}", TestServer.Json);
        Assert.Equal(("cancelled", "revoked"), (booking!.Status, booking.Key!.Status));
    }

    private static (DateTimeOffset From, DateTimeOffset Until) Window()
    {
        var now = DateTimeOffset.UtcNow;
        return (new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(30));
    }

    private static string Pin(string text) => PinPattern().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No PIN in: {text}");

    private static string MobileKeyPayload(string token)
    {
        var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(part + new string('=', (4 - (part.Length % 4)) % 4)));
    }

    private async Task<string[]> CredentialStatesAsync(Guid grantId)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Credentials.Where(c => c.GrantId == grantId).ToListAsync();
        return credentials.Select(c => $"{c.Kind}:{c.Status}").Order(StringComparer.Ordinal).ToArray();
    }

    [GeneratedRegex(@"PIN: ([0-9]{8})\b")]
    private static partial Regex PinPattern();

    private sealed record MeView(Guid Id);
}
