using System.Globalization;
using GuestAccess.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Citizen;

/// <summary>The booking flow with the keyboard alone, without JavaScript, and every citizen page in both languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CitizenAccessTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RoomSearch_EndingAtMidnight_ListsTheRooms()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        var date = Scenario.Iso(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3));

        Assert.Equal(200, await web.GotoAsync($"/rooms?site=dokk1&date={date}&from=23:00&to=00:00&people=2"));

        await Expect(web.Page.Locator("#results-heading")).ToBeVisibleAsync();
        await Expect(web.Page.Locator(".room-result").First).ToContainTextAsync("Ledigt i det valgte tidsrum");
    }

    [Fact]
    public async Task BookingFlow_KeyboardOnly_FromTheFrontPageToThePin()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        var slot = Scenario.NextSlot();
        await web.GotoAsync("/");
        var keys = web.Page.Keyboard;

        await web.TabToAsync("Find et lokale");
        await keys.PressAsync("Enter");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Find et lokale");

        await web.TabToAsync("site");
        await keys.TypeAsync("Dokk1");
        foreach (var value in new[] { slot.Date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture), Scenario.Clock(slot.From), Scenario.Clock(slot.To), "3" })
        {
            await keys.PressAsync("Tab");
            await keys.PressAsync("Control+A");
            await keys.TypeAsync(value);
        }

        await keys.PressAsync("Enter");
        await Expect(web.Page.Locator("#results-heading")).ToBeVisibleAsync();
        await Expect(web.Page.GetByLabel("Bibliotek")).ToHaveValueAsync("dokk1");

        await web.TabToAsync("Book Lille sal, Dokk1");
        await keys.PressAsync("Enter");

        // Not signed in yet: the sign-in page, then back to the booking.
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Log ind");
        await web.TabToAsync("email");
        await keys.TypeAsync(Demo.OtherCitizen);
        await keys.PressAsync("Tab");
        await keys.TypeAsync("Demo-2026!");
        await keys.PressAsync("Enter");

        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bekræft booking");
        await web.TabToAsync("Bekræft booking");
        await keys.PressAsync("Enter");

        await Expect(web.Page.Locator("#pin")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]{4,10}$"));
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lille sal, Dokk1");
    }

    [Fact]
    public async Task BookingPage_WithoutJavaScript_BooksShowsThePinAndRefreshesByLink()
    {
        await app.StartLocksAsync("dokk1-hovedindgang", "dokk1-store-sal-nord", "dokk1-store-sal-syd");
        await using var web = await Browsing.OpenAsync(browser, app, javaScript: false);
        await web.SignInAsync(Demo.Citizen);
        var slot = Scenario.NextSlot();

        await web.GotoAsync($"/rooms?site=dokk1&date={Scenario.Iso(slot.Date)}&from={Scenario.Clock(slot.From)}&to={Scenario.Clock(slot.To)}&people=120");
        await Expect(web.Page.Locator(".room-result")).ToHaveCountAsync(1); // only Store sal holds 120
        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Book Store sal, Dokk1" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft booking" }).ClickAsync();

        await Expect(web.Page.Locator("#pin")).ToBeVisibleAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await web.Page.Locator(".key-summary").TextContentAsync() != "Nøglen er klar ved alle døre.")
        {
            Assert.True(DateTime.UtcNow < deadline, "The refresh link never showed the key ready.");
            await web.Page.GetByRole(AriaRole.Link, new() { Name = "Opdatér status" }).ClickAsync();
        }

        await Expect(web.Page.Locator(".door-state")).ToHaveTextAsync(["Klar", "Klar", "Klar"]);
    }

    [Fact]
    public async Task SearchForm_Invalid_ShowsTheErrorSummaryLinkedToTheFields()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.GotoAsync("/rooms?site=dokk1&date=31-02-2026&from=25:00&to=10:00&people=0");

        var summary = web.Page.GetByRole(AriaRole.Alert);
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
        await Expect(web.Page.GetByLabel("Dato")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(web.Page.GetByLabel("Antal personer")).ToHaveAttributeAsync("aria-describedby", "people-error");
        await web.AssertAccessibleAsync("da");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Skriv antal personer som et helt tal fra 1" }).ClickAsync();
        await Expect(web.Page.GetByLabel("Antal personer")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task CitizenPages_DanishAndEnglish_HaveNoAxeViolations()
    {
        var slot = Scenario.NextSlot();
        var later = new GuestAccess.Domain.Time.TimeInterval(slot.Interval.Start.AddDays(1), slot.Interval.End.AddDays(1));
        var (booking, _) = await Scenario.BookAsync(app, Demo.Citizen, "dokk1-lille-sal", later);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Citizen);
        string[] pages =
        [
            "/rooms",
            $"/rooms?site=dokk1&date={Scenario.Iso(slot.Date)}&from={Scenario.Clock(slot.From)}&to={Scenario.Clock(slot.To)}&people=2",
            $"/book?room=dokk1-store-sal&site=dokk1&date={Scenario.Iso(slot.Date)}&from={Scenario.Clock(slot.From)}&to={Scenario.Clock(slot.To)}&people=2",
            "/my/bookings",
            "/my/bookings?show=all",
            $"/my/bookings/{booking}",
            $"/my/bookings/{booking}?handler=Cancel",
            "/my/entries",
        ];
        foreach (var language in new[] { "da", "en" })
        {
            if (language == "en")
            {
                await web.SwitchLanguageAsync("en");
            }

            foreach (var path in pages)
            {
                Assert.Equal(200, await web.GotoAsync(path));
                await web.AssertAccessibleAsync(language);
            }
        }

        await web.GotoAsync($"/my/bookings/{booking}");
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Name = "Your key" })).ToBeVisibleAsync();
        await web.GotoAsync("/my/bookings");
        await web.ScreenshotAsync("citizen-my-bookings-en");
    }
}
