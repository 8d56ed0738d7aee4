using GuestAccess.LockProtocol.Messages;
using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Caretaker;

/// <summary>The caretaker's dashboard against the real simulator: live lock state, remote unlock, lockdown; other sites are not found.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CaretakerDashboardTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    private const string Entrance = "dokk1-hovedindgang";

    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Dashboard_LockReportsBatteryAndGoesOffline_PageUpdatesWithoutReload()
    {
        var locks = await app.StartLocksAsync(Entrance);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.CaretakerDokk1);

        await web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Mine steder" }).ClickAsync();
        await Expect(web.Page.Locator("tr[data-site]")).ToHaveCountAsync(1); // Dokk1 only, not the other sites
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("caretaker-sites");
        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Dokk1" }).ClickAsync();

        var row = web.Page.Locator($"tr[data-lock='{Entrance}']");
        await Expect(row.Locator(".lock-connectivity")).ToHaveTextAsync("Online", new() { Timeout = 20_000 });
        await web.AssertAccessibleAsync("da");

        await locks[Entrance].SetBatteryAsync(15);
        await locks[Entrance].PublishStatusAsync();
        await Expect(row.Locator(".lock-battery")).ToHaveTextAsync("15 %", new() { Timeout = 20_000 });
        await locks[Entrance].GoOfflineAsync();
        await Expect(row.Locator(".lock-connectivity")).ToHaveTextAsync("Offline", new() { Timeout = 20_000 });
        await Expect(web.Page.Locator("#locks-live")).ToContainTextAsync("låse er online");
        await locks[Entrance].GoOnlineAsync();
        await Expect(row.Locator(".lock-connectivity")).ToHaveTextAsync("Online", new() { Timeout = 20_000 });
        await web.ScreenshotAsync("caretaker-site-doors");
    }

    [Fact]
    public async Task RemoteUnlock_WithAReason_TheLockOpensAndThePageSaysSo()
    {
        await app.StartLocksAsync(Entrance);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.CaretakerDokk1);
        await web.GotoAsync("/caretaker/sites/dokk1");
        await web.Page.Locator($"tr[data-lock='{Entrance}']").GetByRole(AriaRole.Link).ClickAsync();

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Fjernåbn døren" }).ClickAsync();
        await Expect(web.Page.Locator(".error-summary")).ToContainTextAsync("Skriv en begrundelse på 1-200 tegn.");
        await Expect(web.Page.Locator("#reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await web.AssertAccessibleAsync("da");

        await web.Page.GetByLabel("Begrundelse").FillAsync("Håndværker uden nøgle");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Fjernåbn døren" }).ClickAsync();
        await Expect(web.Page.Locator(".unlock-state")).ToHaveTextAsync("Døren er åbnet", new() { Timeout = 20_000 });
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("caretaker-remote-unlock");
    }

    [Fact]
    public async Task EmergencyRevoke_WithLockdown_DoorRefusesThePinAndItStaysRevokedAfterLifting()
    {
        var locks = await app.StartLocksAsync(Entrance);
        var slot = Scenario.NextSlot();
        var (booking, pin) = await Scenario.BookAsync(app, Demo.Citizen, "dokk1-lille-sal", slot.Interval);
        await EventuallyAsync(async () => (await locks[Entrance].EnterPinAsync(pin)).IsGranted, "the PIN never opened the door");
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.CaretakerDokk1);
        await web.GotoAsync("/caretaker/sites/dokk1");

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Tilbagekald alle nøgler på stedet" }).ClickAsync();
        await Expect(web.Page.Locator(".error-summary")).ToContainTextAsync("Skriv en begrundelse");
        await web.Page.GetByLabel("Begrundelse").FillAsync("Indbrud i nat");
        await Expect(web.Page.GetByLabel("Lås også alle døre ned (nødstop)")).ToBeCheckedAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Tilbagekald alle nøgler på stedet" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nødstop er aktivt");
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("nøgler er tilbagekaldt");
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("caretaker-emergency-revoke");
        await locks[Entrance].WaitUntilAsync(s => s.Lockdown, TimeSpan.FromSeconds(20));
        var refused = await locks[Entrance].EnterPinAsync(pin);
        Assert.False(refused.IsGranted);
        Assert.Equal(DenialReason.Lockdown, refused.Reason);
        Assert.Equal(1, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.Id == booking && b.Status == GuestAccess.Domain.Bookings.BookingStatus.Cancelled)));

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Ophæv nødstop" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nødstoppet er ophævet");
        await locks[Entrance].WaitUntilAsync(s => !s.Lockdown, TimeSpan.FromSeconds(20));
        var afterLift = await locks[Entrance].EnterPinAsync(pin);
        Assert.False(afterLift.IsGranted);
        Assert.NotEqual(DenialReason.Lockdown, afterLift.Reason);
    }

    [Fact]
    public async Task CaretakerPages_OtherSiteOrRole_NotFoundOrForbidden()
    {
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(404);
        web.ExpectedStatuses.Add(403);
        await web.SignInAsync(Demo.CaretakerSouth);
        Assert.Equal(404, await web.GotoAsync("/caretaker/sites/dokk1"));
        await Expect(web.Page.Locator("code.error-code")).ToHaveTextAsync("not_found");
        Assert.Equal(404, await web.GotoAsync($"/caretaker/locks/{Entrance}"));
        Assert.Equal(404, await web.GotoAsync("/caretaker/sites/dokk1?handler=Locks"));

        await using var citizen = await Browsing.OpenAsync(browser, app);
        citizen.ExpectedStatuses.Add(403);
        await citizen.SignInAsync(Demo.Citizen);
        Assert.Equal(403, await citizen.GotoAsync("/caretaker"));
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
