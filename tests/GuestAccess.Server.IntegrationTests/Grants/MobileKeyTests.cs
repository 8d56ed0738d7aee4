using System.Net;
using System.Net.Http.Json;
using GuestAccess.Domain.Grants;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Locks.Signing;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>A booking's mobile key (a signed token the locks verify offline), its QR codes, and what is staged at the locks.</summary>
public sealed class MobileKeyTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private const string Room = "dokk1-moedelokale-1";

    [Fact]
    public async Task Book_MobileKey_VerifiesAtBothLocksForTheKeyWindowAndNamesNobody()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var (start, end) = fixture.NextEvening();

        var booked = await BookingFixture.BookOkAsync(client, Room, start, end);

        using var keys = new TrustedKeySet(fixture.Server.Services.GetRequiredService<LockSigningKeyStore>().TrustedKeys);
        var atEntrance = new MobileKeyVerifier(keys, LockId.Parse("dokk1-hovedindgang"), "guestaccess").Verify(booked.MobileKey!);
        var elsewhere = new MobileKeyVerifier(keys, LockId.Parse("dokk1-store-sal-nord"), "guestaccess").Verify(booked.MobileKey!);
        Assert.True(atEntrance.IsValid);
        var claims = atEntrance.Claims!;
        Assert.Equal(["dokk1-hovedindgang", "dokk1-moedelokale-1-doer"], claims.Locks.Select(l => l.Value));
        Assert.Equal((start.AddMinutes(-15), end.AddMinutes(15)), (claims.NotBefore, claims.NotAfter));
        Assert.Equal(booked.Booking.Key!.Id.ToString("N"), claims.GrantId);
        Assert.StartsWith("h-", claims.Holder);
        Assert.Equal(DenialReason.WrongDoor, elsewhere.Denial);
        Assert.DoesNotContain("test.guestaccess.dk", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(booked.MobileKey!.Split('.')[1]))));
    }

    [Fact]
    public async Task MobileKey_AsTokenPngAndSvg_ForTheHolderOnlyAndNeverCached()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        using var stranger = await fixture.ClientAsync(fixture.NextCitizen());
        var (start, end) = fixture.NextEvening();
        var key = (await BookingFixture.BookOkAsync(client, Room, start, end)).Booking.Key!.Id;

        using var token = await client.GetAsync($"/api/v1/keys/{key}/mobile-key");
        using var png = await client.GetAsync($"/api/v1/keys/{key}/mobile-key.png");
        using var svg = await client.GetAsync($"/api/v1/keys/{key}/mobile-key.svg");
        using var theirs = await stranger.GetAsync($"/api/v1/keys/{key}/mobile-key.png");

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.True(token.Headers.CacheControl!.NoStore);
        Assert.Equal(3, (await token.Content.ReadFromJsonAsync<MobileKeyView>(TestServer.Json))!.Token.Split('.').Length);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
        await Problem.AssertAsync(theirs, HttpStatusCode.NotFound, "key_not_found");
    }

    [Fact]
    public async Task MobileKey_AfterCancel_IsMobileKeyUnavailable()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var (start, end) = fixture.NextEvening();
        var booked = await BookingFixture.BookOkAsync(client, Room, start, end);
        using var cancel = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);

        using var response = await client.GetAsync($"/api/v1/keys/{booked.Booking.Key!.Id}/mobile-key");

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "mobile_key_unavailable");
    }

    [Fact]
    public async Task Book_ThenCancel_StagesThePinAtBothLocksThenRemovesItAndRevokesTheMobileKey()
    {
        using var client = await fixture.ClientAsync(fixture.Shared);
        var (start, end) = fixture.NextEvening();
        var booked = await BookingFixture.BookOkAsync(client, Room, start, end);
        var grantId = booked.Booking.Key!.Id;

        var staged = await EntriesAsync(grantId);
        using var cancel = await client.PostAsync($"/api/v1/bookings/{booked.Booking.Id}/cancel", null);
        var removed = await EntriesAsync(grantId);

        Assert.Equal(2, staged.Count(e => e.Kind == LockCredentialKind.Pin && e.IsPresent));
        Assert.Equal(2, staged.Count(e => e.Kind == LockCredentialKind.MobileKey && e.IsPresent));
        Assert.All(staged.Where(e => e.Kind == LockCredentialKind.Pin), e => Assert.Equal(32, e.Hash!.Length));
        Assert.All(removed, e => Assert.False(e.IsPresent));
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var credentialIds = await db.Credentials.Where(c => c.GrantId == grantId).Select(c => c.Id).ToListAsync();
        Assert.Equal(4, await db.LockRevocationEntries().CountAsync(r => credentialIds.Contains(r.CredentialId)));
        Assert.All(await db.GrantDoors.Where(d => d.GrantId == grantId).ToListAsync(), d => Assert.Equal(DoorDeliveryState.Pending, d.State));
    }

    private async Task<List<LockCredentialEntry>> EntriesAsync(Guid grantId)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().LockCredentialEntries().AsNoTracking().Where(e => e.GrantId == grantId).ToListAsync();
    }

    private static string Pad(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (base64Url.Length % 4)) % 4);

    private sealed record MobileKeyView(Guid KeyId, string Token);
}
