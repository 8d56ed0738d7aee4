using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// Grant and revoke as a citizen does them: book a room (the key goes to the entrance and the room
/// door), wait until both locks applied it; cancel, wait until both removed it. Timed from the
/// request to the key's readiness seen through the API's long poll.
/// </summary>
internal sealed class GrantCycles(HttpClient citizen)
{
    private const string Room = "dokk1-lille-sal";
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
    private int _day = 2;

    public List<double> GrantMs { get; } = [];

    public List<double> RevokeMs { get; } = [];

    public int Failed { get; private set; }

    public async Task RunAsync(int cycles)
    {
        for (var i = 0; i < cycles; i++)
        {
            var (bookingId, keyId, granted) = await BookAsync();
            GrantMs.Add(granted.TotalMilliseconds);
            var clock = Stopwatch.StartNew();
            using (var cancel = await citizen.PostAsync($"/api/v1/bookings/{bookingId}/cancel", null))
            {
                cancel.EnsureSuccessStatusCode();
            }

            RevokeMs.Add((await ApiSession.WaitForKeyAsync(citizen, keyId, "removed", clock, TimeSpan.FromMinutes(5))).TotalMilliseconds);
        }
    }

    /// <summary>One booking that stays (the citizen's keys then list a key); its key is ready when this returns.</summary>
    public async Task<(Guid Booking, Guid Key, TimeSpan Granted)> BookAsync()
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).DateTime).AddDays(_day++);
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var local = date.ToDateTime(new TimeOnly(19, 0));
            var start = new DateTimeOffset(local, Zone.GetUtcOffset(local));
            var clock = Stopwatch.StartNew();
            using var response = await citizen.PostAsJsonAsync("/api/v1/bookings", new { room = Room, start, end = start.AddHours(1), attendees = 3 });
            if (!response.IsSuccessStatusCode)
            {
                Failed++;
                continue; // a holiday or a closing day: the next day
            }

            var booking = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("booking");
            var keyId = booking.GetProperty("key").GetProperty("id").GetGuid();
            var granted = await ApiSession.WaitForKeyAsync(citizen, keyId, "ready", clock, TimeSpan.FromMinutes(5));
            return (booking.GetProperty("id").GetGuid(), keyId, granted);
        }

        throw new InvalidOperationException("No bookable day found for the grant cycles.");
    }
}
