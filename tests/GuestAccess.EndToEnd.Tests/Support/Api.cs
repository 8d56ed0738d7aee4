using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// HTTP clients that call the running server's API as a demo account (start the host with
/// <c>--Seed:DemoAccounts=true</c>). The access token is a real one from the server's own token
/// service (<see cref="TokenFactory"/>), validated by JwtBearer like any other: these tests are
/// about locks, the sign-in flow has its own tests.
/// </summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpClient> AsAsync(FleetHost host, string email)
    {
        var userId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var token = host.Services.GetRequiredService<TokenFactory>()
            .CreateAccessToken(userId.ToString(), "guestaccess-cli", SpaceList.Of([Scopes.Api]), null, null, null);
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Polls a key with If-None-Match and the server-side wait until its readiness is <paramref name="readiness"/>.</summary>
    public static async Task<KeyView> WaitForKeyAsync(HttpClient client, Guid keyId, string readiness, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        EntityTagHeaderValue? etag = null;
        KeyView? last = null;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/keys/{keyId}?wait=10");
            if (etag is not null)
            {
                request.Headers.IfNoneMatch.Add(etag);
            }

            using var response = await client.SendAsync(request, cancel.Token);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                last = await ReadAsync<KeyView>(response);
                etag = response.Headers.ETag;
                if (last.Readiness == readiness)
                {
                    return last;
                }
            }

            Assert.False(cancel.IsCancellationRequested, $"The key never became {readiness}; last: {last}");
        }
    }
}

public sealed record KeyDoorView(string Slug, string State, string? FailureReason);

public sealed record KeyView(Guid Id, string Status, string Readiness, KeyDoorView[] Doors, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    public override string ToString() => $"{Status}/{Readiness}: {string.Join(", ", Doors.Select(d => $"{d.Slug}={d.State}{(d.FailureReason is null ? string.Empty : $" ({d.FailureReason})")}"))}";
}

public sealed record BookingView(Guid Id, DateTimeOffset Start, DateTimeOffset End, string Status, KeyView Key);

public sealed record IssuedBooking(BookingView Booking, string? Pin, string? MobileKey);
