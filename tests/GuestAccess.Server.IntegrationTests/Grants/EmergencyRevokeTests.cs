using System.Net;
using System.Net.Http.Json;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Grants.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuestAccess.Server.IntegrationTests.Grants.Support.GrantRequests;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>A caretaker's emergency revoke of a whole site: every grant and booking key there, optionally with a lockdown.</summary>
public sealed class EmergencyRevokeTests(BookingFixture fixture) : IClassFixture<BookingFixture>
{
    private static readonly string[] VibyDoors = ["viby-hovedindgang", "viby-salen-doer"];

    [Fact]
    public async Task EmergencyRevoke_SiteWithGuestGrantsAndABooking_RevokesAllCancelsTheBookingAndLocksDown()
    {
        using var south = await fixture.ClientAsync(OtherCaretaker);
        using var citizen = await fixture.ClientAsync(fixture.NextCitizen());
        var now = DateTimeOffset.UtcNow;
        var first = await CreateOkAsync(south, Guest("e1"), VibyDoors, now, now.AddDays(3));
        var second = await CreateOkAsync(south, Guest("e2"), ["viby-hovedindgang"], now, now.AddDays(3));
        var (start, end) = fixture.NextEvening();
        var booked = await BookingFixture.BookOkAsync(citizen, "viby-salen", start, end);

        using var response = await south.PostAsJsonAsync("/api/v1/sites/viby/emergency-revoke", new { reason = "Indbrud i nat", lockdown = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<SiteRevokedView>(TestServer.Json))!;
        Assert.Equal(new[] { first.Key.Id, second.Key.Id, booked.Booking.Key!.Id }.Order(), result.Grants.Order());
        Assert.Equal((3, true, 2), (result.Revoked, result.Lockdown, result.LockedDown));
        var left = await south.GetFromJsonAsync<GrantView[]>("/api/v1/grants?site=viby", TestServer.Json);
        Assert.Empty(left!);
        var booking = await citizen.GetFromJsonAsync<BookingView>($"/api/v1/bookings/{booked.Booking.Id}", TestServer.Json);
        Assert.Equal(("cancelled", "revoked"), (booking!.Status, booking.Key!.Status));
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var viby = await db.Sites.Where(s => s.Slug == "viby").Select(s => s.Id).SingleAsync();
        var vibyLocks = await db.Locks.Where(l => l.SiteId == viby).Select(l => l.Id).ToListAsync();
        var states = await db.LockSyncStates().Where(s => vibyLocks.Contains(s.LockId)).ToListAsync();
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.True(s.Lockdown));
        // Committed with the revoke (audit_outbox), chained by the audit writer right after.
        await Await.UntilAsync(() => db.AuditRecords.AnyAsync(a => a.Action == "site.emergency_revoke" && a.Subject == $"site:{viby:D}"), found => found, "the emergency revoke's audit record");

        using var lift = await south.DeleteAsync("/api/v1/sites/viby/lockdown");
        Assert.Equal(HttpStatusCode.Accepted, lift.StatusCode);
    }

    [Fact]
    public async Task EmergencyRevoke_OtherCaretakersSite_IsNotFoundAndRevokesNothing()
    {
        using var dokk1 = await fixture.ClientAsync(Caretaker);
        var now = DateTimeOffset.UtcNow;
        var grant = await CreateOkAsync(dokk1, Guest("e3"), ["dokk1-hovedindgang"], now, now.AddDays(1));
        using var south = await fixture.ClientAsync(OtherCaretaker);

        using var response = await south.PostAsJsonAsync("/api/v1/sites/dokk1/emergency-revoke", new { reason = "Ikke min" });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "site_not_found");
        var still = await dokk1.GetFromJsonAsync<GrantView>($"/api/v1/grants/{grant.Key.Id}", TestServer.Json);
        Assert.Equal("active", still!.Key.Status);
    }

    [Fact]
    public async Task EmergencyRevoke_WithoutAReasonOrAsACitizen_IsRefused()
    {
        using var south = await fixture.ClientAsync(OtherCaretaker);
        using var citizen = await fixture.ClientAsync(fixture.Shared);

        using var noReason = await south.PostAsJsonAsync("/api/v1/sites/viby/emergency-revoke", new { lockdown = true });
        using var asCitizen = await citizen.PostAsJsonAsync("/api/v1/sites/viby/emergency-revoke", new { reason = "Nej" });
        using var grantAsCitizen = await CreateAsync(citizen, Guest("c"), VibyDoors, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Contains("reason", (await Problem.AssertAsync(noReason, HttpStatusCode.BadRequest, "validation_failed")).Errors!.Keys);
        Assert.Equal(HttpStatusCode.Forbidden, asCitizen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, grantAsCitizen.StatusCode);
    }

    [Fact]
    public async Task RevokeSiteAsync_ManyGrantsAtTheSite_RevokesEachOnceInOneChangeAndNothingElse()
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<GrantService>();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var staff = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        Task<AccessGrant> GrantAsync(string[] doors, int i) => service.CreateAsync(
            staff, SiteScope.Everything, new GuestDetails($"Gæst m{i}", $"+4561{i:D6}", null, null), null, new GrantCommand(doors, new TimeInterval(now, now.AddDays(2)), null), "Mange", CancellationToken.None);
        var atViby = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            atViby.Add((await GrantAsync(i % 3 == 0 ? ["viby-hovedindgang"] : VibyDoors, i)).Id);
        }

        var earlier = await GrantAsync(VibyDoors, 100);
        await service.RevokeAsync(staff, SiteScope.Everything, earlier.Id, "Tidligere", CancellationToken.None);
        var elsewhere = await GrantAsync(["dokk1-hovedindgang", "dokk1-lille-sal-doer"], 101);
        var viby = await db.Sites.Where(s => s.Slug == "viby").Select(s => s.Id).SingleAsync();
        var versionsBefore = await db.Locks.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.DesiredVersion);

        var result = await service.RevokeSiteAsync(staff, SiteScope.Everything, viby, "Brand", lockdown: false, CancellationToken.None);

        var revoked = result.Grants.Select(g => g.Id).ToHashSet();
        Assert.Superset(atViby.ToHashSet(), revoked);
        Assert.DoesNotContain(earlier.Id, revoked);
        Assert.DoesNotContain(elsewhere.Id, revoked);
        db.ChangeTracker.Clear();
        var grants = await db.Grants.AsNoTracking().Where(g => atViby.Contains(g.Id) || g.Id == earlier.Id || g.Id == elsewhere.Id).ToDictionaryAsync(g => g.Id);
        Assert.All(atViby, id => Assert.Equal((GrantStatus.Revoked, "Brand"), (grants[id].Status, grants[id].RevokeReason)));
        Assert.Equal((GrantStatus.Revoked, "Tidligere"), (grants[earlier.Id].Status, grants[earlier.Id].RevokeReason));
        Assert.Equal(GrantStatus.Active, grants[elsewhere.Id].Status);
        var credentials = await db.Credentials.AsNoTracking().Where(c => atViby.Contains(c.GrantId) || c.GrantId == elsewhere.Id).ToListAsync();
        Assert.Equal(24, credentials.Count(c => atViby.Contains(c.GrantId)));
        Assert.All(credentials.Where(c => atViby.Contains(c.GrantId)), c => Assert.Equal(CredentialStatus.Revoked, c.Status));
        Assert.All(credentials.Where(c => c.GrantId == elsewhere.Id), c => Assert.Equal(CredentialStatus.Active, c.Status));

        // At the locks: every entry of the site's grants removed, each lock moved by one version with one outbox row, other locks untouched.
        var entries = await db.LockCredentialEntries().AsNoTracking().Where(e => atViby.Contains(e.GrantId) || e.GrantId == elsewhere.Id).ToListAsync();
        Assert.Equal((12 * 2) + (8 * 2), entries.Count(e => atViby.Contains(e.GrantId)));
        Assert.All(entries.Where(e => atViby.Contains(e.GrantId)), e => Assert.NotNull(e.RemovedVersion));
        Assert.All(entries.Where(e => e.GrantId == elsewhere.Id), e => Assert.Null(e.RemovedVersion));
        var versionsAfter = await db.Locks.AsNoTracking().ToDictionaryAsync(l => l.Id, l => (l.DesiredVersion, l.SiteId));
        var vibyLocks = versionsAfter.Where(l => l.Value.SiteId == viby).Select(l => l.Key).ToList();
        Assert.Equal(2, vibyLocks.Count);
        Assert.All(vibyLocks, id => Assert.Equal(versionsBefore[id] + 1, versionsAfter[id].DesiredVersion));
        Assert.All(versionsAfter.Where(l => l.Value.SiteId != viby), l => Assert.Equal(versionsBefore[l.Key], l.Value.DesiredVersion));
        Assert.All(vibyLocks, id => Assert.Single(db.LockOutbox().AsNoTracking().Where(m => m.LockId == id && m.TargetVersion == versionsAfter[id].DesiredVersion)));
        var revokedCredentials = credentials.Where(c => atViby.Contains(c.GrantId)).Select(c => c.Id).ToList();
        var revocations = await db.LockRevocationEntries().AsNoTracking().Where(r => revokedCredentials.Contains(r.CredentialId)).ToListAsync();
        Assert.Equal(entries.Count(e => atViby.Contains(e.GrantId)), revocations.Count);
        Assert.All(revocations, r => Assert.Equal(versionsAfter[r.LockId].DesiredVersion, r.AddedVersion));
    }

    private sealed record SiteRevokedView(string Site, int Revoked, Guid[] Grants, bool Lockdown, int LockedDown);
}
