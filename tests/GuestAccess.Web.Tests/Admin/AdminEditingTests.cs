using GuestAccess.Domain.Sites;
using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Admin;

/// <summary>
/// The administrator edits opening hours, rooms and doors in the browser, and a citizen sees and
/// books the result at once; a lock is registered for a new door (credentials shown once); every
/// new page passes axe in both languages; the door form works with the keyboard alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminEditingTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task Hours_AdminOpensVibyEarlierOnOneWeekday_CitizenFindsAndBooksTheEarlyHour()
    {
        var day = OrdinaryDay(daysAhead: 5);
        var name = WebText(day);
        await using var citizen = await Browsing.OpenAsync(browser, app);
        await citizen.SignInAsync(Demo.OtherCitizen);
        var search = $"/rooms?site=viby&date={Scenario.Iso(day)}&from=05:00&to=06:00&people=2";
        await citizen.GotoAsync(search);
        var salen = citizen.Page.Locator(".room-result", new() { Has = citizen.Page.GetByRole(AriaRole.Heading, new() { Name = "Salen – Viby Bibliotek" }) });
        await Expect(salen).ToContainTextAsync("Ikke ledigt i det valgte tidsrum");

        await using var admin = await Browsing.OpenAsync(browser, app);
        await admin.SignInAsync(Demo.Admin);
        await admin.GotoAsync("/admin/sites/viby");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Ret åbningstider" }).ClickAsync();
        await Expect(admin.Page.GetByLabel($"Fra kl. ({name}, periode 1)")).ToHaveValueAsync("07:00");
        await admin.AssertAccessibleAsync("da");

        // An overlap is refused with the error on the day, and nothing is saved.
        await admin.Page.GetByLabel($"Fra kl. ({name}, periode 2)").FillAsync("05:00");
        await admin.Page.GetByLabel($"Til kl. ({name}, periode 2)").FillAsync("08:00");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Gem åbningstider" }).ClickAsync();
        await Expect(admin.Page.Locator(".error-summary")).ToContainTextAsync("overlapper");
        await admin.AssertAccessibleAsync("da");
        await citizen.GotoAsync(search);
        await Expect(salen).ToContainTextAsync("Ikke ledigt i det valgte tidsrum");

        await admin.Page.GetByLabel($"Fra kl. ({name}, periode 2)").FillAsync(string.Empty);
        await admin.Page.GetByLabel($"Til kl. ({name}, periode 2)").FillAsync(string.Empty);
        await admin.Page.GetByLabel($"Fra kl. ({name}, periode 1)").FillAsync("05:00");
        await admin.Page.GetByLabel($"Åbningsform ({name}, periode 1)").SelectOptionAsync(new SelectOptionValue { Label = "selvbetjent" });
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Gem åbningstider" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Åbningstiderne er gemt");
        await Expect(admin.Page.GetByLabel($"Fra kl. ({name}, periode 1)")).ToHaveValueAsync("05:00");
        await admin.AssertAccessibleAsync("da");
        await admin.ScreenshotAsync("admin-opening-hours");

        await citizen.GotoAsync(search);
        await Expect(salen).ToContainTextAsync("Ledigt i det valgte tidsrum");
        await salen.GetByRole(AriaRole.Link, new() { Name = "Book Salen, Viby Bibliotek" }).ClickAsync();
        await citizen.Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft booking" }).ClickAsync();
        await Expect(citizen.Page.Locator("#pin")).ToBeVisibleAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "site.opening_hours_changed")));
    }

    [Fact]
    public async Task Room_AdminAddsADoorWithALockAndARoom_CitizenFindsAndBooksIt()
    {
        var day = OrdinaryDay(daysAhead: 6);
        await using var admin = await Browsing.OpenAsync(browser, app);
        await admin.SignInAsync(Demo.Admin);
        await admin.GotoAsync("/admin/sites/aaby");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Ny dør" }).ClickAsync();
        await admin.Page.GetByLabel("Kortnavn").FillAsync("aaby-vaerksted-doer");
        await admin.Page.GetByLabel("Dørtype").SelectOptionAsync(new SelectOptionValue { Label = "Lokaledør" });
        await admin.Page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Værkstedets dør");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Opret dør" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Døren Værkstedets dør er gemt");

        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Registrér og klargør lås" }).ClickAsync();
        var bundle = await admin.Page.Locator("#bundle").InputValueAsync();
        Assert.Contains("aaby-vaerksted-doer", bundle, StringComparison.Ordinal);
        Assert.Contains("password", bundle, StringComparison.OrdinalIgnoreCase);
        await admin.AssertAccessibleAsync("da");
        await admin.ScreenshotAsync("admin-door-lock-registered");
        await admin.GotoAsync("/admin/sites/aaby/doors/aaby-vaerksted-doer");
        await Expect(admin.Page.Locator("#bundle")).ToHaveCountAsync(0); // shown once
        await Expect(admin.Page.Locator("#lock-heading + p")).ToContainTextAsync("aaby-vaerksted-doer");

        await admin.GotoAsync("/admin/sites/aaby/rooms/new");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Opret lokale" }).ClickAsync();
        await Expect(admin.Page.Locator(".error-summary")).ToContainTextAsync("Skriv lokalets navn");
        await admin.AssertAccessibleAsync("da");
        await admin.Page.GetByLabel("Kortnavn").FillAsync("aaby-vaerkstedet");
        await admin.Page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Værkstedet");
        await admin.Page.GetByLabel("Antal pladser").FillAsync("6");
        await admin.Page.GetByLabel("Værkstedets dør").CheckAsync();
        await admin.Page.GetByLabel("Whiteboard").CheckAsync();
        await admin.Page.GetByLabel("Længste booking (minutter)").FillAsync("120");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Opret lokale" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lokalet Værkstedet er gemt");
        await admin.AssertAccessibleAsync("da");
        await admin.ScreenshotAsync("admin-room");

        await using var citizen = await Browsing.OpenAsync(browser, app);
        await citizen.SignInAsync(Demo.Citizen);
        await citizen.GotoAsync($"/rooms?site=aaby&date={Scenario.Iso(day)}&from=19:00&to=20:00&people=5");
        var room = citizen.Page.Locator(".room-result", new() { Has = citizen.Page.GetByRole(AriaRole.Heading, new() { Name = "Værkstedet – Åby Bibliotek" }) });
        await Expect(room).ToContainTextAsync("Ledigt i det valgte tidsrum");
        await room.GetByRole(AriaRole.Link, new() { Name = "Book Værkstedet, Åby Bibliotek" }).ClickAsync();
        await Expect(citizen.Page.Locator(".booking-summary")).ToContainTextAsync("Værkstedets dør");
        await citizen.Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft booking" }).ClickAsync();
        await Expect(citizen.Page.Locator("#pin")).ToBeVisibleAsync();

        // Booked now: the room cannot be deleted, and says why.
        await admin.GotoAsync("/admin/sites/aaby/rooms/aaby-vaerkstedet");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Slet lokalet Værkstedet" }).ClickAsync();
        await Expect(admin.Page.Locator(".error-summary")).ToContainTextAsync("Lokalet har kommende bookinger");
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "room.created")));
    }

    [Fact]
    public async Task DoorForm_KeyboardOnly_CreatesADoor()
    {
        await using var admin = await Browsing.OpenAsync(browser, app);
        await admin.SignInAsync(Demo.Admin);
        await admin.GotoAsync("/admin/sites/dokk1/doors/new");
        await admin.TabToAsync("slug");
        await admin.Page.Keyboard.TypeAsync("dokk1-depot-doer");
        await admin.Page.Keyboard.PressAsync("Tab");
        await admin.Page.Keyboard.PressAsync("Tab");
        await admin.Page.Keyboard.TypeAsync("Depotets dør");
        await admin.TabToAsync("Opret dør");
        await admin.Page.Keyboard.PressAsync("Enter");
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Døren Depotets dør er gemt");
        Assert.Equal("Depotets dør", await app.WithDbAsync(db => db.Doors.Where(d => d.Slug == "dokk1-depot-doer").Select(d => d.Name).SingleAsync()));
    }

    [Fact]
    public async Task NewPages_BothLanguages_NoAccessibilityViolations()
    {
        await using var admin = await Browsing.OpenAsync(browser, app);
        await admin.SignInAsync(Demo.Admin);
        foreach (var path in new[] { "/admin/sites/new/settings", "/admin/sites/dokk1/settings", "/admin/sites/dokk1/hours", "/admin/sites/dokk1/rooms/new", "/admin/sites/dokk1/rooms/dokk1-lille-sal", "/admin/sites/dokk1/doors/new", "/admin/sites/dokk1/doors/dokk1-hovedindgang" })
        {
            foreach (var lang in new[] { "da", "en" })
            {
                Assert.Equal(200, await admin.GotoAsync($"{path}?lang={lang}"));
                await admin.AssertAccessibleAsync(lang);
            }
        }

        await admin.GotoAsync("/admin/sites/dokk1/settings");
        await admin.ScreenshotAsync("admin-site-settings");
        await admin.Page.GetByLabel("Aldersgrænse (år)").FillAsync("30");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Gem indstillinger" }).ClickAsync();
        await Expect(admin.Page.Locator(".error-summary")).ToContainTextAsync("Aldersgrænsen er ugyldig");
        await admin.AssertAccessibleAsync("da");

        await using var caretaker = await Browsing.OpenAsync(browser, app);
        caretaker.ExpectedStatuses.Add(403);
        await caretaker.SignInAsync(Demo.CaretakerDokk1);
        Assert.Equal(403, await caretaker.GotoAsync("/admin/sites/dokk1/hours"));
        Assert.Equal(403, await caretaker.GotoAsync("/admin/sites/dokk1/rooms/new"));
    }

    /// <summary>A date at least <paramref name="daysAhead"/> days ahead that is no Danish holiday or customary closing day.</summary>
    private static DateOnly OrdinaryDay(int daysAhead)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Scenario.Copenhagen).DateTime).AddDays(daysAhead);
        while (DanishHolidays.PublicHolidays(date.Year).Concat(DanishHolidays.CustomaryClosingDays(date.Year)).Any(h => h.Date == date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>The weekday's name as the Danish page writes it ("mandag").</summary>
    private static string WebText(DateOnly date) => Server.Web.Shell.WebText.Danish.DateTimeFormat.GetDayName(date.DayOfWeek);
}
