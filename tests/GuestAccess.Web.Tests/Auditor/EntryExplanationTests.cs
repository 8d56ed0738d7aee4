using GuestAccess.Domain.Entries;
using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Auditor;

/// <summary>"Why was this person denied": an auditor opens a denied entry from the log and reads the reason, recorded as a read of the log.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EntryExplanationTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    private const string Entrance = "dokk1-hovedindgang";

    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Explanation_DeniedPinAtTheDoor_AuditorReadsWhyInBothLanguages()
    {
        var locks = await app.StartLocksAsync(Entrance);
        Assert.False((await locks[Entrance].EnterPinAsync("24681357")).IsGranted);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long? sequence = null;
        while ((sequence = await app.WithDbAsync(db => db.EntryEvents.Where(e => e.Outcome == EntryOutcome.Denied).Select(e => (long?)e.AuditSequence).FirstOrDefaultAsync())) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The denied entry never reached the log.");
            await Task.Delay(100);
        }

        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.AuditorDokk1);
        await web.GotoAsync("/audit");
        await web.Page.GetByLabel("Udfald").SelectOptionAsync(new SelectOptionValue { Label = "Afvist" });
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Søg i loggen" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Link, new() { Name = $"Forklaring af hændelse {sequence}" }).ClickAsync();

        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Name = "Hvorfor blev adgangen nægtet?" })).ToBeVisibleAsync();
        await Expect(web.Page.Locator(".entry-explanation")).Not.ToBeEmptyAsync();
        await Expect(web.Page.Locator(".entry-facts").First).ToContainTextAsync("Hovedindgang");
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("auditor-entry-explanation");
        await web.SwitchLanguageAsync("en");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Name = "Why was entry denied?" })).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("en");
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "audit.entry_explained")) >= 2);

        web.ExpectedStatuses.Add(404);
        Assert.Equal(404, await web.GotoAsync("/audit/entries/99999999"));
    }
}
