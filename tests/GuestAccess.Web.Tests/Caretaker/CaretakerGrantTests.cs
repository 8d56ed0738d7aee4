using System.Globalization;
using System.Text.RegularExpressions;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Notifications;
using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Caretaker;

/// <summary>A caretaker gives a guest a weekly slot, changes and revokes it; the simulated door follows each step.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CaretakerGrantTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>
{
    private const string Entrance = "dokk1-hovedindgang";

    [Fact]
    public async Task GuestGrant_WeeklySlotGivenChangedAndRevoked_TheSimulatedDoorFollows()
    {
        var locks = await app.StartLocksAsync(Entrance);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Scenario.Copenhagen);
        var today = now.DayOfWeek;
        var start = new TimeOnly(now.Hour, 0);
        var otherDay = (DayOfWeek)(((int)today + 2) % 7);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.CaretakerDokk1);

        await web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Gæsteadgange" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Giv en gæst adgang" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Giv adgang" }).ClickAsync();
        await Expect(web.Page.Locator(".error-summary")).ToContainTextAsync("Skriv gæstens navn");
        await Expect(web.Page.Locator(".error-summary")).ToContainTextAsync("Vælg mindst én dør");
        await web.AssertAccessibleAsync("da");

        await web.Page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Strikkeklubben Maske");
        await web.Page.GetByLabel("Mobilnummer", new() { Exact = true }).FillAsync("+45 12 34 56 78");
        await web.Page.GetByLabel("Hovedindgang (indgang)").CheckAsync();
        await web.Page.GetByLabel("Fra dato").FillAsync(now.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture));
        await web.Page.GetByLabel("Til og med dato").FillAsync(now.AddDays(14).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture));
        await FillDayAsync(web, today, Scenario.Clock(start), Scenario.Clock(start.AddHours(3)));
        await FillDayAsync(web, otherDay, "18:00", "21:00");
        await web.Page.GetByLabel("Begrundelse").FillAsync("Strikkeklub, ugentlig");
        await web.ScreenshotAsync("caretaker-new-grant");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Giv adgang" }).ClickAsync();

        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Gæsten har fået adgang");
        await Expect(web.Page.Locator($"tr[data-door='{Entrance}'] .door-state")).ToHaveTextAsync("Klar", new() { Timeout = 20_000 });
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("caretaker-grant");
        var grantPath = new Uri(web.Page.Url).AbsolutePath;
        var pin = await GuestPinAsync();
        Assert.Empty(app.Logs.Containing(pin));
        Assert.Equal(0, await web.Page.GetByText(pin).CountAsync()); // the caretaker never sees the guest's PIN
        await EventuallyAsync(async () => (await locks[Entrance].EnterPinAsync(pin)).IsGranted, "the guest's PIN never opened the door");

        // Today's window taken out: the PIN stays, the door refuses it outside the schedule.
        await FillDayAsync(web, today, string.Empty, string.Empty);
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Gem ændringerne" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Adgangen er ændret");
        await EventuallyAsync(async () => (await locks[Entrance].EnterPinAsync(pin)).Reason == DenialReason.OutsideSchedule, "the changed schedule never reached the door");

        await web.Page.GetByLabel("Begrundelse for at tilbagekalde").FillAsync("Klubben er nedlagt");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Tilbagekald adgangen" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Adgangen er tilbagekaldt");
        await Expect(web.Page.Locator(".grant-status")).ToHaveTextAsync("Tilbagekaldt");
        await web.AssertAccessibleAsync("da");
        await EventuallyAsync(async () => (await locks[Entrance].EnterPinAsync(pin)).Reason is DenialReason.Revoked or DenialReason.UnknownCredential or DenialReason.WrongPin, "the door never refused the revoked PIN as unknown");

        await using var other = await Browsing.OpenAsync(browser, app);
        other.ExpectedStatuses.Add(404);
        await other.SignInAsync(Demo.CaretakerSouth);
        Assert.Equal(404, await other.GotoAsync(grantPath));
    }

    private static async Task FillDayAsync(Browsing web, DayOfWeek day, string from, string to)
    {
        var name = CultureInfo.GetCultureInfo("da-DK").DateTimeFormat.GetDayName(day);
        await web.Page.GetByLabel($"Fra kl. ({name})").FillAsync(from);
        await web.Page.GetByLabel($"Til kl. ({name})").FillAsync(to);
    }

    /// <summary>The PIN as the guest received it (the development inbox stands in for SMS).</summary>
    private async Task<string> GuestPinAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccess.Server.Persistence.GuestAccessDb>();
            var protector = scope.ServiceProvider.GetRequiredService<NotificationProtector>();
            var bodies = await db.DevInboxMessages().Where(m => m.Recipient == "+4512345678").Select(m => m.ProtectedBody).ToListAsync();
            var pin = bodies.Select(b => PinInMessage().Match(protector.Unprotect(b).Text)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (pin is not null)
            {
                return pin;
            }

            Assert.True(DateTime.UtcNow < deadline, "The guest never received the PIN.");
            await Task.Delay(100);
        }
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

    [GeneratedRegex("PIN-kode / PIN: ([0-9]+)")]
    private static partial Regex PinInMessage();
}
