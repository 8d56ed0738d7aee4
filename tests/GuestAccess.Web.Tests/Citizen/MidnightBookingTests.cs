using GuestAccess.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GuestAccess.Web.Tests.Citizen;

/// <summary>A citizen searches 23:00 to 01:00 (an end before the start is the next day) and books a room across midnight.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MidnightBookingTests(BrowserFixture browser, WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Scenario.OpenAroundTheClockAsync(app, "dokk1");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Search_EndBeforeStart_FindsAndBooksTheRoomAcrossMidnight()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Scenario.Copenhagen).DateTime).AddDays(2);
        await using var web = await Browsing.OpenAsync(browser, app);
        await web.SignInAsync(Demo.Citizen);
        await web.GotoAsync("/rooms");
        await web.Page.GetByLabel("Bibliotek").SelectOptionAsync(new SelectOptionValue { Label = "Dokk1" });
        await web.Page.GetByLabel("Dato").FillAsync(Scenario.Iso(day));
        await web.Page.GetByLabel("Fra kl.").FillAsync("23:00");
        await web.Page.GetByLabel("Til kl.").FillAsync("01:00");
        await web.Page.GetByLabel("Antal personer").FillAsync("2");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Søg ledige lokaler" }).ClickAsync();
        var room = web.Page.Locator(".room-result", new() { Has = web.Page.GetByRole(AriaRole.Heading, new() { Name = "Lille sal – Dokk1" }) });
        await Expect(room).ToContainTextAsync("Ledigt i det valgte tidsrum");
        await web.AssertAccessibleAsync("da");

        await room.GetByRole(AriaRole.Link, new() { Name = "Book Lille sal, Dokk1" }).ClickAsync();
        await Expect(web.Page.Locator(".booking-summary")).ToContainTextAsync("23:00–01:00");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft booking" }).ClickAsync();
        await Expect(web.Page.Locator("#pin")).ToBeVisibleAsync();

        var booked = await app.WithDbAsync(db => db.Bookings.Select(b => new { b.Start, b.End }).SingleAsync());
        Assert.Equal(TimeSpan.FromHours(2), booked.End - booked.Start);
        Assert.Equal(day.AddDays(1), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(booked.End, Scenario.Copenhagen).DateTime));
    }
}
