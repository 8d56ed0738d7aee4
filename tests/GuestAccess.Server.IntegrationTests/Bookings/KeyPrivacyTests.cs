using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Identity;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Bookings;

/// <summary>
/// A PIN is shown to its holder once and appears nowhere else: not in later responses, not in
/// any log line at any level (everything is logged at Trace here), not in the database files.
/// </summary>
public sealed class KeyPrivacyTests
{
    [Fact]
    public async Task Pins_BookRescheduleReissue_NeverInLogsOrDatabaseFiles()
    {
        using var seeds = BookingSeeds.Create();
        var logs = new EverythingLogger();
        await using var server = await TestServer.StartWithServicesAsync(
            services => services.AddSingleton<ILoggerProvider>(logs),
            null,
            $"--Seed:Directory={seeds.Directory}",
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:Microsoft=Trace",
            "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Trace");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await OidcBrowser.TokensForAsync(server, BookingSeeds.Citizen(1))).AccessToken);
        var day = Slots.Weekday(0);
        var later = Slots.Weekday(1);
        var pins = new List<string>();

        var booked = await BookingFixture.BookOkAsync(client, "dokk1-lille-sal", Slots.At(day, 19), Slots.At(day, 20));
        pins.Add(booked.Pin!);
        using var reissue = await client.PostAsync($"/api/v1/keys/{booked.Booking.Key!.Id}/pin", null);
        pins.Add((await reissue.Content.ReadFromJsonAsync<IssuedPin>(TestServer.Json))!.Pin);
        using var move = await client.PostAsJsonAsync($"/api/v1/bookings/{booked.Booking.Id}/reschedule", new { start = Slots.At(later, 19), end = Slots.At(later, 20) });
        var moved = (await move.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
        pins.Add(moved.Pin!);
        var views = await client.GetStringAsync("/api/v1/bookings?show=all") + await client.GetStringAsync("/api/v1/keys?show=all");
        await server.StopAsync();

        Assert.Equal(3, pins.Distinct().Count());
        Assert.True(logs.Lines.Count > 100, $"Only {logs.Lines.Count} log lines: is Trace logging on?");
        foreach (var pin in pins)
        {
            Assert.DoesNotContain(pin, views);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(pin, StringComparison.Ordinal));
            foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "*.db*"))
            {
                Assert.False(Contains(file, pin), $"{Path.GetFileName(file)} contains a PIN in clear.");
            }
        }
    }

    private static bool Contains(string file, string pin)
    {
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(file);
        var needle = Encoding.ASCII.GetBytes(pin);
        return bytes.AsSpan().IndexOf(needle) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(pin)) >= 0;
    }

    private sealed class EverythingLogger : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(EverythingLogger owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                owner.Lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}[{eventId.Id}] {formatter(state, exception)} {state} {exception}");
        }
    }
}
