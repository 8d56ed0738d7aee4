using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Auditor;

/// <summary>An auditor finds an entry made with a PIN at the simulated door, exports it as CSV, asks who could have entered and verifies the log.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditorTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    private const string Entrance = "dokk1-hovedindgang";

    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Auditor_FindsTheEntry_ExportsCsv_SeesWhoCouldEnter_AndVerifiesTheLog()
    {
        var locks = await app.StartLocksAsync(Entrance);
        var slot = Scenario.NextSlot();
        var (_, pin) = await Scenario.BookAsync(app, Demo.Citizen, "dokk1-lille-sal", slot.Interval);
        var holder = $"citizen:{await Scenario.UserIdAsync(app, Demo.Citizen):D}";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await locks[Entrance].EnterPinAsync(pin)).IsGranted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The PIN never opened the door.");
            await Task.Delay(100);
        }

        await EventuallyAsync(() => app.WithDbAsync(db => db.EntryEvents.AnyAsync(e => e.Outcome == GuestAccess.Domain.Entries.EntryOutcome.Granted)), "the entry never reached the log");
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.AuditorDokk1);

        await web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Adgangslog" }).ClickAsync();
        await web.Page.GetByLabel("Dør").SelectOptionAsync(new SelectOptionValue { Label = "Dokk1 – Hovedindgang" });
        await web.Page.GetByLabel("Udfald").SelectOptionAsync(new SelectOptionValue { Label = "Åbnet" });
        await web.Page.GetByLabel("Person (pseudonym)").FillAsync(holder);
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Søg i loggen" }).ClickAsync();
        var row = web.Page.Locator("table.entry-log tbody tr").First;
        await Expect(row).ToContainTextAsync("Hovedindgang");
        await Expect(row).ToContainTextAsync("Pinkode");
        await Expect(row.Locator(".entry-outcome")).ToHaveTextAsync("Åbnet");
        await Expect(row).ToContainTextAsync(holder);
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("auditor-entry-log");

        var download = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.GetByRole(AriaRole.Link, new() { Name = "Eksportér søgningen som CSV" }).ClickAsync());
        Assert.Equal("entries.csv", download.SuggestedFilename);
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("audit_sequence,lock_id,lock_sequence,site_id,door_id,kind,occurred_at", csv[0]);
        Assert.True(csv.Length >= 2, "The CSV has no entries.");
        Assert.All(csv.Skip(1), line => Assert.Contains(",granted,", line));
        Assert.All(csv.Skip(1), line => Assert.Contains(holder, line));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "audit.entries_exported")));

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Hvem kunne komme ind?" }).First.ClickAsync();
        await web.Page.GetByLabel("Lokale").SelectOptionAsync(new SelectOptionValue { Label = "Dokk1 – Lille sal" });
        await web.Page.GetByLabel("Fra").FillAsync(Scenario.Iso(slot.Date));
        await web.Page.GetByLabel("Til").FillAsync(Scenario.Iso(slot.Date.AddDays(1)));
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Find adgangene" }).ClickAsync();
        await Expect(web.Page.Locator("table.who-could-enter tbody tr").Filter(new() { HasText = holder })).ToHaveCountAsync(1);
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("auditor-who-could-enter");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Verificér loggen" }).First.ClickAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Verificér hele loggen" }).ClickAsync();
        await Expect(web.Page.Locator(".verification-result")).ToContainTextAsync("Loggen er intakt");
        Assert.True(int.Parse((await web.Page.Locator(".records-checked").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("auditor-verification");
    }

    [Fact]
    public async Task Verification_ARecordWasEdited_ThePageSaysTheLogIsNotIntact()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Auditor);
        var first = await app.WithDbAsync(db => db.AuditRecords.OrderBy(r => r.Sequence).Select(r => new { r.Sequence, r.Outcome }).FirstAsync());
        try
        {
            // Someone with database access rewrites a record's outcome behind the service's back.
            await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_records SET outcome = 'tampered' WHERE sequence = {first.Sequence}"));
            await web.GotoAsync("/audit/verify");
            await web.Page.GetByRole(AriaRole.Button, new() { Name = "Verificér hele loggen" }).ClickAsync();

            await Expect(web.Page.Locator(".verification-result")).ToContainTextAsync("Loggen er ikke intakt");
            await Expect(web.Page.Locator("table.verification-problems")).ToContainTextAsync("hash_mismatch");
            await web.AssertAccessibleAsync("da");
        }
        finally
        {
            // The other tests of the class share this server's log.
            await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_records SET outcome = {first.Outcome} WHERE sequence = {first.Sequence}"));
        }
    }

    [Fact]
    public async Task AuditorPages_OtherSiteOrRole_NotFoundOrForbidden()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(404);
        await web.SignInAsync(Demo.AuditorDokk1);
        Assert.Equal(404, await web.GotoAsync("/audit?site=viby"));
        Assert.Equal(404, await web.GotoAsync("/audit?handler=Csv&site=viby"));
        Assert.Equal(404, await web.GotoAsync("/audit/who?room=viby-salen&from=2026-01-01&to=2026-01-02"));

        await using var caretaker = await Browsing.OpenAsync(browser, app);
        caretaker.ExpectedStatuses.Add(403);
        await caretaker.SignInAsync(Demo.CaretakerDokk1);
        Assert.Equal(403, await caretaker.GotoAsync("/audit"));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }
}
