using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Entries;
using GuestAccess.Server.IntegrationTests.Identity;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>The audit API with real tokens: scope per site, recorded reads, explanations, CSV, the citizen's own entries.</summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = AuditTestData.At;
    private TestServer _server = null!;
    private Guid _dokk1Site;
    private Guid _vibySite;
    private Guid _citizenGrant;
    private Guid _revokedGrant;
    private long _vibyEntry;
    private long _revokedEntry;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await using var scope = _server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var dokk1Lock = await db.Locks.SingleAsync(l => l.DeviceId == "dokk1-store-sal-nord");
        var vibyLock = await db.Locks.Where(l => l.DeviceId.StartsWith("viby")).OrderBy(l => l.DeviceId).FirstAsync();
        (_dokk1Site, _vibySite) = (dokk1Lock.SiteId, vibyLock.SiteId);

        var citizen = AccessGrant.ForBooking(Guid.NewGuid(), _dokk1Site, MatrixFixture.UserId("citizen"), Guid.NewGuid(), new TimeInterval(At.AddHours(-2), At.AddHours(4)), [dokk1Lock.DoorId], At.AddDays(-1));
        var revoked = AccessGrant.ByStaff(Guid.NewGuid(), _dokk1Site, HolderKind.Guest, Guid.NewGuid(), new TimeInterval(At.AddDays(-1), At.AddDays(1)), null, [dokk1Lock.DoorId], Guid.NewGuid(), "Rengøring", At.AddDays(-2));
        revoked.Revoke(Guid.NewGuid(), "Nøglen er mistet", At.AddHours(-1));
        db.Grants.AddRange(citizen, revoked);
        await db.SaveChangesAsync();
        (_citizenGrant, _revokedGrant) = (citizen.Id, revoked.Id);

        var ingestor = _server.Ingestor();
        await ingestor.IngestAsync(dokk1Lock.Id,
        [
            new LockEventData(1, At, LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Granted, Method = EntryMethod.Pin, GrantId = citizen.Id },
            new LockEventData(2, At.AddMinutes(5), LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Denied, Method = EntryMethod.MobileKey, DenialReason = DenialReason.Revoked, GrantId = revoked.Id },
        ]);
        await ingestor.IngestAsync(vibyLock.Id, AuditTestData.Denied(1));
        await using var connection = _server.OpenDatabase();
        _vibyEntry = connection.Scalar($"SELECT audit_sequence FROM entry_events WHERE lock_id = '{vibyLock.Id.ToString().ToUpperInvariant()}'");
        _revokedEntry = connection.Scalar($"SELECT audit_sequence FROM entry_events WHERE lock_id = '{dokk1Lock.Id.ToString().ToUpperInvariant()}' AND sequence = 2");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Entries_AuditorOfOneSite_SeesThatSiteOnlyAndOtherSitesAreNotFound()
    {
        using var dokk1 = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");
        using var all = await ClientAsync("revisor@demo.guestaccess.dk");

        var own = await dokk1.GetFromJsonAsync<Page<Entry>>("/api/v1/audit/entries", TestServer.Json);
        Assert.Equal(2, own!.Items.Length);
        Assert.All(own.Items, e => Assert.Equal(_dokk1Site, e.SiteId));
        await Problem.AssertAsync(await dokk1.GetAsync($"/api/v1/audit/entries?site={_vibySite}"), HttpStatusCode.NotFound, "site_not_found");
        await Problem.AssertAsync(await dokk1.GetAsync($"/api/v1/audit/entries/{_vibyEntry}/explanation"), HttpStatusCode.NotFound, "entry_not_found");
        await Problem.AssertAsync(await dokk1.GetAsync($"/api/v1/audit/entries/csv?site={_vibySite}"), HttpStatusCode.NotFound, "site_not_found");

        var everything = await all.GetFromJsonAsync<Page<Entry>>("/api/v1/audit/entries", TestServer.Json);
        Assert.Equal(3, everything!.Items.Length);
        Assert.Equal(HttpStatusCode.OK, (await all.GetAsync($"/api/v1/audit/entries/{_vibyEntry}/explanation")).StatusCode);
    }

    [Fact]
    public async Task Search_ByAnAuditor_IsItselfRecordedWithThePersonSearchedForInThePersonalPart()
    {
        using var dokk1 = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");
        var person = AuditHolder.Citizen(MatrixFixture.UserId("citizen"));

        var found = await dokk1.GetFromJsonAsync<Page<Entry>>($"/api/v1/audit/entries?person={person}&outcome=granted", TestServer.Json);

        var entry = Assert.Single(found!.Items);
        Assert.Equal(person, entry.Holder);
        await using var db = _server.OpenDatabase();
        var auditor = MatrixFixture.UserId("auditor-dokk1").ToString().ToUpperInvariant();
        var read = db.Scalar($"SELECT sequence FROM audit_records WHERE action = 'audit.entries_searched' AND actor_id = '{auditor}' AND category = 'AuditAccess' AND data LIKE '%\"results\":\"1\"%'");
        Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_personal_data WHERE sequence = {read} AND holder = '{person}'"));
        Assert.Equal(0, db.Scalar($"SELECT COUNT(*) FROM audit_records WHERE sequence = {read} AND data LIKE '%{MatrixFixture.UserId("citizen")}%'"));
        _server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Explanation_EntryDeniedAfterRevocation_SaysWhenAndWhyWithTheGrantAsItStood()
    {
        using var auditor = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");

        var explanation = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit/entries/{_revokedEntry}/explanation", TestServer.Json);

        Assert.Equal("revoked", explanation.GetProperty("reasonCode").GetString());
        Assert.Equal("revoked", explanation.GetProperty("grant").GetProperty("statusThen").GetString());
        Assert.True(explanation.GetProperty("grant").GetProperty("coversThisDoor").GetBoolean());
        Assert.Contains("Nøglen er mistet", explanation.GetProperty("explanation").GetString());
        Assert.Contains("revoked at 2026-11-21 18:00", explanation.GetProperty("explanationEn").GetString()); // 17:00 UTC = 18:00 in Copenhagen
    }

    [Fact]
    public async Task WhoCouldEnter_GrantsAreCountedAsTheyStood()
    {
        using var auditor = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");
        var from = At.AddHours(-3).UtcDateTime.ToString("O");
        var to = At.AddHours(1).UtcDateTime.ToString("O");

        var answer = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit/rooms/dokk1-store-sal/who-could-enter?from={from}&to={to}", TestServer.Json);

        var grants = answer.GetProperty("grants").EnumerateArray().ToDictionary(g => g.GetProperty("grantId").GetGuid());
        Assert.Equal(2, grants.Count);
        var revoked = grants[_revokedGrant].GetProperty("windows").EnumerateArray().Single();
        Assert.Equal(At.AddHours(-3), revoked.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(At.AddHours(-1), revoked.GetProperty("to").GetDateTimeOffset()); // only until it was revoked
        var booking = grants[_citizenGrant].GetProperty("windows").EnumerateArray().Single();
        Assert.Equal(At.AddHours(-2), booking.GetProperty("from").GetDateTimeOffset()); // only from its validity
        Assert.Equal($"citizen:{MatrixFixture.UserId("citizen")}", grants[_citizenGrant].GetProperty("holder").GetString());

        var later = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit/rooms/dokk1-store-sal/who-could-enter?from={At.UtcDateTime:O}&to={to}", TestServer.Json);
        Assert.Equal([_citizenGrant], later.GetProperty("grants").EnumerateArray().Select(g => g.GetProperty("grantId").GetGuid()));
        await Problem.AssertAsync(await auditor.GetAsync($"/api/v1/audit/rooms/viby-moedelokale/who-could-enter?from={from}&to={to}"), HttpStatusCode.NotFound, "room_not_found");
        await Problem.AssertAsync(await auditor.GetAsync($"/api/v1/audit/rooms/dokk1-store-sal/who-could-enter?from={to}&to={from}"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task EntriesCsv_StreamsAHeaderAndEveryRowInScope()
    {
        using var auditor = await ClientAsync("revisor@demo.guestaccess.dk");

        using var response = await auditor.GetAsync("/api/v1/audit/entries/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("audit_sequence,lock_id,lock_sequence,site_id,door_id,kind,occurred_at", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains(",denied,revoked,mobile_key,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Records_Paging_WalksEveryRecordOnceNewestFirst()
    {
        var trail = _server.Trail();
        for (var i = 0; i < 5; i++)
        {
            await trail.RecordAsync(new AuditEntry(Domain.Audit.AuditCategory.Access, "grant.created") { SiteId = _dokk1Site, Subject = $"grant:{i}" });
        }

        using var auditor = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await auditor.GetFromJsonAsync<Page<Record>>($"/api/v1/audit/records?action=grant.created&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", TestServer.Json);
            seen.AddRange(page!.Items.Select(r => r.Sequence));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        await Problem.AssertAsync(await auditor.GetAsync("/api/v1/audit/records?cursor=bogus"), HttpStatusCode.BadRequest, "validation_failed");
        await Problem.AssertAsync(await auditor.GetAsync("/api/v1/audit/entries?reason=nonsense"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task MyEntries_Citizen_SeesOwnEntriesOnly()
    {
        using var citizen = await ClientAsync("borger@demo.guestaccess.dk");
        using var other = await ClientAsync("borger2@demo.guestaccess.dk");

        var mine = await citizen.GetFromJsonAsync<Page<Entry>>("/api/v1/me/entries", TestServer.Json);
        var theirs = await other.GetFromJsonAsync<Page<Entry>>("/api/v1/me/entries", TestServer.Json);

        var entry = Assert.Single(mine!.Items);
        Assert.Equal((1L, "granted"), (entry.LockSequence, entry.Outcome));
        Assert.Empty(theirs!.Items);
    }

    [Fact]
    public async Task ExportAndVerification_AuditorOfAllSites_GetsAFileThatVerifiesWithThePublishedKey()
    {
        await _server.CheckpointAsync();
        using var all = await ClientAsync("revisor@demo.guestaccess.dk");
        using var dokk1 = await ClientAsync("revisor.dokk1@demo.guestaccess.dk");
        using var anonymous = new HttpClient { BaseAddress = _server.BaseAddress };

        var keys = AuditPublicKeys.Parse(await anonymous.GetStringAsync("/api/v1/audit/public-keys"));
        var checkpoints = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/audit/checkpoints", TestServer.Json);
        var export = await all.GetStringAsync("/api/v1/audit/export");
        var report = ExportVerifier.Verify(new StringReader(export), keys, checkpoints.EnumerateArray().Select(c => c.GetProperty("token").GetString()!));
        report.AssertVerified();
        Assert.True(report.CheckpointsChecked >= 1);
        await Problem.AssertAsync(await dokk1.GetAsync("/api/v1/audit/export"), HttpStatusCode.Forbidden, "forbidden");

        var verification = await (await dokk1.PostAsJsonAsync("/api/v1/audit/verifications", new { from = 1 })).Content.ReadFromJsonAsync<JsonElement>(TestServer.Json);
        Assert.True(verification.GetProperty("verified").GetBoolean());
    }

    private async Task<HttpClient> ClientAsync(string email)
    {
        var token = (await OidcBrowser.TokensForAsync(_server, email)).AccessToken;
        var client = new HttpClient { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record Page<T>(T[] Items, string? NextCursor);

    private sealed record Entry(long AuditSequence, Guid LockId, long LockSequence, Guid SiteId, Guid DoorId, string Kind, string? Outcome, string? Reason, string? Method, string? Holder);

    private sealed record Record(long Sequence, string Category, string Action, Guid? SiteId);
}
