using GuestAccess.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Admin;

/// <summary>The administrator's pages: sites with hours, rooms and locks; provisioning shown once; roles that apply at once; every staff page accessible in English too.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task Site_ProvisionAndDecommissionALock_CredentialsShownOnceAndStateShown()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Admin);
        await web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await web.AssertAccessibleAsync("da");
        await web.Page.Locator("table.admin-sites").GetByRole(AriaRole.Link, new() { Name = "Dokk1" }).ClickAsync();
        await Expect(web.Page.Locator("table.opening-hours tbody tr")).ToHaveCountAsync(7);
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("admin-site");

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Klargør Store sal, nordlig dør med nye oplysninger" }).ClickAsync();
        var bundle = await web.Page.Locator("#bundle").InputValueAsync();
        Assert.Contains("dokk1-store-sal-nord", bundle, StringComparison.Ordinal);
        Assert.Contains("password", bundle, StringComparison.OrdinalIgnoreCase);
        await web.AssertAccessibleAsync("da");
        await web.GotoAsync("/admin/sites/dokk1");
        await Expect(web.Page.Locator("#bundle")).ToHaveCountAsync(0); // shown once

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Tag ud af drift: låsen ved Store sal, sydlig dør" }).ClickAsync();
        await Expect(web.Page.Locator("tr[data-lock='dokk1-store-sal-syd'] .lock-lifecycle")).ToHaveTextAsync("Taget ud af drift");
    }

    [Fact]
    public async Task Roles_AdminGivesACaretakerASite_TheCaretakerSeesItAtOnceAndNotAfterRemoval()
    {
        await using var caretaker = await Browsing.OpenAsync(browser, app);
        caretaker.ExpectedStatuses.Add(404);
        await caretaker.SignInAsync(Demo.CaretakerSouth);
        Assert.Equal(404, await caretaker.GotoAsync("/caretaker/sites/dokk1"));

        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Admin);
        await web.GotoAsync("/admin/users");
        await web.Page.GetByLabel("Søg på navn eller e-mail").FillAsync("pedel.syd");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Søg", Exact = true }).ClickAsync();
        await Expect(web.Page.Locator("table.admin-users tbody tr")).ToHaveCountAsync(1);
        await web.AssertAccessibleAsync("da");
        await web.Page.Locator("table.admin-users tbody tr a").ClickAsync();
        await web.Page.GetByLabel("Rolle", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Pedel" });
        await web.Page.GetByLabel("Sted", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Dokk1" });
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Gem roller" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rollerne er gemt");
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("admin-user-roles");

        Assert.Equal(200, await caretaker.GotoAsync("/caretaker/sites/dokk1"));

        await web.Page.GetByLabel("Fjern: Pedel – Dokk1").CheckAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Gem roller" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rollerne er gemt");
        Assert.Equal(404, await caretaker.GotoAsync("/caretaker/sites/dokk1"));
    }

    [Fact]
    public async Task StaffPages_InEnglish_NoAccessibilityViolations()
    {
        await using var admin = await Browsing.OpenAsync(browser, app);
        await admin.SignInAsync(Demo.Admin);
        foreach (var path in new[] { "/caretaker", "/caretaker/sites/dokk1", "/caretaker/locks/dokk1-hovedindgang", "/caretaker/grants", "/caretaker/grants/new?site=dokk1", "/admin", "/admin/sites/dokk1", "/admin/users" })
        {
            Assert.Equal(200, await admin.GotoAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=en"));
            await admin.AssertAccessibleAsync("en");
        }

        await using var auditor = await Browsing.OpenAsync(browser, app);
        await auditor.SignInAsync(Demo.Auditor);
        foreach (var path in new[] { "/audit?lang=en", "/audit/who?lang=en", "/audit/verify?lang=en", "/audit/who?room=dokk1-lille-sal&from=01-01-2026&to=31-12-2026&lang=en" })
        {
            Assert.Equal(200, await auditor.GotoAsync(path));
            await auditor.AssertAccessibleAsync("en");
        }
    }

    [Fact]
    public async Task AdminPages_OtherRoles_Forbidden()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(403);
        await web.SignInAsync(Demo.CaretakerDokk1);
        Assert.Equal(403, await web.GotoAsync("/admin"));
        Assert.Equal(403, await web.GotoAsync("/admin/users"));
    }
}
