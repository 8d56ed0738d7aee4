using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GuestAccess.Server.IntegrationTests.Identity;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Bookings.Support;

/// <summary>
/// A server seeded with <see cref="BookingSeeds"/>, shared by one test class. Tests keep out of
/// each other's way by taking their own citizen (<see cref="NextCitizen"/>) and their own slot.
/// </summary>
public sealed class BookingFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private int _citizens;
    private int _slots;
    private SeedFiles? _seeds;

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _seeds = BookingSeeds.Create();
        Server = await TestServer.StartAsync(null, $"--Seed:Directory={_seeds.Directory}", "--Identity:RateLimits:Booking:PermitLimit=100000");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _seeds?.Dispose();
    }

    /// <summary>The citizen tests share when they need no isolation (Dokk1's cap is raised to 100 in these seeds).</summary>
    public string Shared => BookingSeeds.Citizen(1);

    /// <summary>A citizen no other test of this fixture uses.</summary>
    public string NextCitizen()
    {
        var n = Interlocked.Increment(ref _citizens) + 1;
        Assert.True(n <= BookingSeeds.Citizens, "Out of test citizens: raise BookingSeeds.Citizens.");
        return BookingSeeds.Citizen(n);
    }

    /// <summary>An evening hour (19:00–20:00) on a weekday nobody else in this fixture books.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) NextEvening()
    {
        var day = Slots.Weekday(Interlocked.Increment(ref _slots));
        return (Slots.At(day, 19), Slots.At(day, 20));
    }

    public Task<string> TokenAsync(string email) =>
        _tokens.GetOrAdd(email, e => new Lazy<Task<string>>(async () => (await OidcBrowser.TokensForAsync(Server, e)).AccessToken)).Value;

    /// <summary>A client that calls the API as <paramref name="email"/>.</summary>
    public async Task<HttpClient> ClientAsync(string email)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return client;
    }

    public static async Task<HttpResponseMessage> BookAsync(HttpClient client, string room, DateTimeOffset start, DateTimeOffset end, int attendees = 2, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
        {
            Content = JsonContent.Create(new { room, start, end, attendees }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<IssuedBooking> BookOkAsync(HttpClient client, string room, DateTimeOffset start, DateTimeOffset end, int attendees = 2)
    {
        using var response = await BookAsync(client, room, start, end, attendees);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Booking {room} {start:O}–{end:O}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IssuedBooking>(TestServer.Json))!;
    }
}
