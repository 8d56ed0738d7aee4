using System.Globalization;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Web.Tests.Support;

/// <summary>
/// Test data the browser tests start from. A booking test must be able to book a slot that
/// starts in 15-45 minutes and use its key now, whatever time of day CI runs: so the site is made
/// open around the clock (no holiday closures) and its keys start 90 minutes before the booking.
/// </summary>
public static class Scenario
{
    public static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static Task OpenAroundTheClockAsync(WebApp app, string site) => app.WithDbAsync(async db =>
    {
        var found = await db.Sites.SingleAsync(s => s.Slug == site);
        var allDay = new[] { new OpeningPeriod(TimeOnly.MinValue, TimeOnly.MinValue, OpeningKind.SelfService) };
        found.SetOpeningHours(new OpeningHours(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<OpeningPeriod>)allDay), [], HolidayClosures.None));
        found.SetPolicy(found.Policy with { KeyGraceBefore = TimeSpan.FromMinutes(90) });
        await db.SaveChangesAsync();
        return true;
    });

    /// <summary>The first half-hour slot at least 16 minutes ahead (past the 15-minute notice), an hour long, in local time.</summary>
    public static (DateOnly Date, TimeOnly From, TimeOnly To, TimeInterval Interval) NextSlot(TimeSpan? length = null)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(16), Copenhagen).DateTime;
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute >= 30 ? 30 : 0, 0).AddMinutes(30);
        var end = start + (length ?? TimeSpan.FromHours(1));
        if (end.Date != start.Date && end.TimeOfDay != TimeSpan.Zero)
        {
            // Keep these tests' slots within one day (MidnightBookingTests covers a booking past midnight):
            // take the first slot of the next day instead (at most 76 minutes ahead for an hour's slot,
            // inside the 90 minutes of key grace OpenAroundTheClockAsync gives).
            start = start.Date.AddDays(1);
            end = start + (length ?? TimeSpan.FromHours(1));
        }

        var date = DateOnly.FromDateTime(start);
        var interval = new TimeInterval(ZonedTime.ResolveStart(date, TimeOnly.FromDateTime(start), Copenhagen), ZonedTime.ResolveStart(DateOnly.FromDateTime(end), TimeOnly.FromDateTime(end), Copenhagen));
        return (date, TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(end), interval);
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static Task<Guid> UserIdAsync(WebApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Books through the bookings service (not the UI), for tests about what comes after.</summary>
    public static async Task<(Guid BookingId, string Pin)> BookAsync(WebApp app, string email, string room, TimeInterval interval, int people = 2)
    {
        var citizen = await UserIdAsync(app, email);
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<BookingService>().CreateAsync(citizen, new BookingCommand(room, interval, people), null, CancellationToken.None);
        var issued = Assert.IsType<BookingIssued>(outcome);
        return (issued.Booking.Id, issued.Secrets.Pin);
    }
}
