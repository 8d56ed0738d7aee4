using System.Text.RegularExpressions;
using GuestAccess.Domain.Bookings;
using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Citizen;

/// <summary>A citizen finds a room, books it, and the PIN the page shows opens the simulated doors.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CitizenBookingTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    private const string Entrance = "dokk1-hovedindgang";
    private const string RoomDoor = "dokk1-lille-sal-doer";

    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Booking_CitizenBooksARoom_ShownPinOpensEntranceAndRoomDoor()
    {
        var locks = await app.StartLocksAsync(Entrance, RoomDoor);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Citizen);
        var slot = Scenario.NextSlot();

        await web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Find et lokale" }).ClickAsync();
        await web.Page.GetByLabel("Bibliotek").SelectOptionAsync(new SelectOptionValue { Label = "Dokk1" });
        await web.Page.GetByLabel("Dato").FillAsync(Scenario.Iso(slot.Date));
        await web.Page.GetByLabel("Fra kl.").FillAsync(Scenario.Clock(slot.From));
        await web.Page.GetByLabel("Til kl.").FillAsync(Scenario.Clock(slot.To));
        await web.Page.GetByLabel("Antal personer").FillAsync("4");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Søg ledige lokaler" }).ClickAsync();
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("citizen-find-a-room");

        var room = web.Page.Locator(".room-result", new() { Has = web.Page.GetByRole(AriaRole.Heading, new() { Name = "Lille sal – Dokk1" }) });
        await Expect(room).ToContainTextAsync("Ledigt i det valgte tidsrum");
        await room.GetByRole(AriaRole.Link, new() { Name = "Book Lille sal, Dokk1" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bekræft booking");
        await Expect(web.Page.Locator(".booking-summary")).ToContainTextAsync("Hovedindgang (indgang)");
        await Expect(web.Page.Locator(".booking-summary")).ToContainTextAsync("Lille sal, dør (lokalets dør)");
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("citizen-confirm-booking");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft booking" }).ClickAsync();

        var pin = (await web.Page.Locator("#pin").TextContentAsync())!.Trim();
        Assert.Matches(DigitsOnly(), pin);
        // The page's script refreshes each door's state in place until the locks have the key.
        await Expect(web.Page.Locator($"tr[data-door='{Entrance}'] .door-state")).ToHaveTextAsync("Klar", new() { Timeout = 20_000 });
        await Expect(web.Page.Locator($"tr[data-door='{RoomDoor}'] .door-state")).ToHaveTextAsync("Klar", new() { Timeout = 20_000 });
        // (Announced in the live region only when it changed while the page was open: the locks may be quicker than the page.)
        await Expect(web.Page.Locator(".key-summary")).ToHaveTextAsync("Nøglen er klar ved alle døre.");
        await Expect(web.Page.Locator("#pin")).ToHaveTextAsync(pin); // still there: no reload, no time limit
        await web.AssertAccessibleAsync("da");
        await web.ScreenshotAsync("citizen-booking-with-pin");

        Assert.True((await locks[Entrance].EnterPinAsync(pin)).IsGranted);
        Assert.True((await locks[RoomDoor].EnterPinAsync(pin)).IsGranted);
        Assert.False((await locks[RoomDoor].EnterPinAsync(WrongPin(pin))).IsGranted);

        // Shown once: the same page opened again has the key but not the PIN.
        await web.Page.ReloadAsync();
        await Expect(web.Page.Locator("#key-status")).ToBeVisibleAsync();
        await Expect(web.Page.Locator("#pin")).ToHaveCountAsync(0);
        Assert.Empty(app.Logs.Containing(pin));

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Mine adgange" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mine adgange");
        await web.AssertAccessibleAsync("da");
    }

    [Fact]
    public async Task NewPin_Reissued_ShownOnceAndTheOldPinStopsWorking()
    {
        var locks = await app.StartLocksAsync(Entrance);
        var slot = Scenario.NextSlot();
        var (booking, oldPin) = await Scenario.BookAsync(app, Demo.OtherCitizen, "dokk1-store-sal", slot.Interval);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.OtherCitizen);
        await web.GotoAsync($"/my/bookings/{booking}");
        await Expect(web.Page.Locator($"tr[data-door='{Entrance}'] .door-state")).ToHaveTextAsync("Klar", new() { Timeout = 20_000 });
        Assert.True((await locks[Entrance].EnterPinAsync(oldPin)).IsGranted);

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Få en ny pinkode" }).ClickAsync();

        var newPin = (await web.Page.Locator("#pin").TextContentAsync())!.Trim();
        Assert.NotEqual(oldPin, newPin);
        await Expect(web.Page.Locator($"tr[data-door='{Entrance}'] .door-state")).ToHaveTextAsync("Klar", new() { Timeout = 20_000 });
        await EventuallyGrantedAsync(() => locks[Entrance].EnterPinAsync(newPin));
        Assert.False((await locks[Entrance].EnterPinAsync(oldPin)).IsGranted);
        Assert.Empty(app.Logs.Containing(newPin));
    }

    [Fact]
    public async Task Cancel_AfterConfirming_ListsTheBookingAsCancelled()
    {
        var slot = Scenario.NextSlot(TimeSpan.FromHours(2));
        var later = new GuestAccess.Domain.Time.TimeInterval(slot.Interval.Start.AddHours(3), slot.Interval.End.AddHours(3));
        var (booking, _) = await Scenario.BookAsync(app, Demo.Citizen, "dokk1-store-sal", later);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Citizen);
        await web.GotoAsync($"/my/bookings/{booking}");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Aflys booking" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vil du aflyse bookingen?");
        await web.AssertAccessibleAsync("da");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Ja, aflys bookingen" }).ClickAsync();

        await Expect(web.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Bookingen er aflyst");
        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Vis også tidligere og aflyste bookinger" }).ClickAsync();
        await Expect(web.Page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex("Store sal.*Aflyst", RegexOptions.Singleline) })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Booking_OfAnotherCitizen_IsNotFound()
    {
        var slot = Scenario.NextSlot();
        var later = new GuestAccess.Domain.Time.TimeInterval(slot.Interval.Start.AddDays(2), slot.Interval.End.AddDays(2));
        var (booking, _) = await Scenario.BookAsync(app, Demo.OtherCitizen, "dokk1-lille-sal", later);
        await using var web = await Browsing.OpenAsync(browser, app);
        web.ExpectedStatuses.Add(404);
        web.ExpectedStatuses.Add(400);
        await web.SignInAsync(Demo.Citizen);

        Assert.Equal(404, await web.GotoAsync($"/my/bookings/{booking}"));
        await Expect(web.Page.Locator("code.error-code")).ToHaveTextAsync("not_found");
        Assert.Equal(404, await web.GotoAsync($"/my/bookings/{booking}?handler=Status"));
        Assert.Equal(404, await web.GotoAsync($"/my/bookings/{booking}?handler=Cancel"));

        // Posting to someone else's booking without the page's antiforgery token is refused before anything else.
        var forged = await web.Page.APIRequest.PostAsync($"/my/bookings/{booking}?handler=Cancel");
        Assert.Equal(400, forged.Status);
        Assert.Equal(1, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.Id == booking && b.Status == BookingStatus.Confirmed)));
    }

    private static string WrongPin(string pin) => new(pin.Select(c => c == '9' ? '0' : (char)(c + 1)).ToArray());

    private static async Task EventuallyGrantedAsync(Func<Task<GuestAccess.FirmwareSim.Device.EntryResult>> enter)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await enter()).IsGranted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The new PIN was never accepted.");
            await Task.Delay(100);
        }
    }

    /// <summary>Reloads a page until the condition holds (what a person without script does).</summary>
    internal static async Task EventuallyAsync(Browsing web, string path, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await web.GotoAsync(path);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} never showed what the test waited for.");
            await Task.Delay(200);
            await web.GotoAsync(path);
        }
    }

    [GeneratedRegex("^[0-9]{4,10}$")]
    private static partial Regex DigitsOnly();
}
