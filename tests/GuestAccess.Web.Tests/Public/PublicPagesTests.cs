using GuestAccess.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Public;

/// <summary>The pages anyone sees: front page, accessibility statement, privacy, errors, the language switch and signing in and out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>
{
    private static readonly string[] Pages = ["/", "/accessibility", "/privacy"];

    [Fact]
    public async Task PublicPages_DanishAndEnglish_HaveNoAxeViolations()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        foreach (var language in new[] { "da", "en" })
        {
            if (language == "en")
            {
                await web.SwitchLanguageAsync("en");
            }

            foreach (var path in Pages)
            {
                Assert.Equal(200, await web.GotoAsync(path));
                await web.AssertAccessibleAsync(language);
            }
        }

        await web.GotoAsync("/accessibility");
        await web.ScreenshotAsync("accessibility-statement-en");
    }

    [Fact]
    public async Task FrontPage_Danish_HasLandmarksSkipLinkAndStatementInFooter()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.GotoAsync("/");
        await web.ScreenshotAsync("front-page");

        await Expect(web.Page.Locator("html")).ToHaveAttributeAsync("lang", "da");
        await Expect(web.Page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(web.Page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(web.Page.GetByRole(AriaRole.Contentinfo)).ToHaveCountAsync(1);
        await Expect(web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" })).ToBeVisibleAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);

        // The skip link is the first thing the keyboard reaches, and it moves focus to the content.
        await web.Page.Keyboard.PressAsync("Tab");
        await Expect(web.Page.Locator(":focus")).ToHaveTextAsync("Gå til sidens indhold");
        await web.Page.Keyboard.PressAsync("Enter");
        await Expect(web.Page.Locator(":focus")).ToHaveAttributeAsync("id", "main-content");

        await web.Page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Tilgængelighedserklæring" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tilgængelighedserklæring for GuestAccess");
        await web.ScreenshotAsync("accessibility-statement");
    }

    [Fact]
    public async Task LanguageSwitch_ToEnglish_IsRememberedOnEveryPageAndTheSignInPage()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.GotoAsync("/privacy");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Privatliv og cookies");

        await web.SwitchLanguageAsync("en");

        await Expect(web.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/privacy$"));
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Privacy and cookies");
        await web.GotoAsync("/accessibility");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accessibility statement for GuestAccess");
        await web.GotoAsync("/signin");
        await Expect(web.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");

        await web.GotoAsync("/");
        await web.SwitchLanguageAsync("da");
        await Expect(web.Page.GetByRole(AriaRole.Link, new() { Name = "Find et lokale" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UnknownPage_ShowsTheErrorPageWithItsCode_InBothLanguages()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(404);

        Assert.Equal(404, await web.GotoAsync("/no/such/page"));

        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Siden findes ikke");
        await Expect(web.Page.Locator("code.error-code")).ToHaveTextAsync("not_found");
        await Expect(web.Page.Locator("code.trace-id")).Not.ToBeEmptyAsync();
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("error-404");

        await web.SwitchLanguageAsync("en");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await web.AssertAccessibleAsync("en");
    }

    [Fact]
    public async Task SignIn_Citizen_ShowsTheirNameThenSignOutEndsTheSession()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.GotoAsync("/");
        await web.Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Log ind" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Log ind");
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("sign-in");

        await web.Page.GetByLabel("E-mail").FillAsync(Demo.Citizen);
        await web.Page.GetByLabel("Adgangskode").FillAsync("Demo-2026!");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();

        await Expect(web.Page.Locator(".username")).ToHaveTextAsync("Anna Borger");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Log af" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Du er logget ud");
        await web.GotoAsync("/");
        await Expect(web.Page.Locator(".username")).ToHaveCountAsync(0);

        // The sign-in itself is over too: signing in again asks for the password.
        await web.Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Log ind" }).ClickAsync();
        await Expect(web.Page.GetByLabel("Adgangskode")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsAnAccessibleErrorSummaryLinkedToTheField()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(400);
        await web.GotoAsync("/signin");
        await web.Page.GetByLabel("E-mail").FillAsync(Demo.Citizen);
        await web.Page.GetByLabel("Adgangskode").FillAsync("wrong-password");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();

        var summary = web.Page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToContainTextAsync("Forkert e-mail eller adgangskode");
        await Expect(web.Page.GetByLabel("Adgangskode")).ToHaveAttributeAsync("aria-invalid", "true");
        await web.AssertAccessibleAsync("da");
        Assert.Empty(app.Logs.Containing("wrong-password"));
    }
}
