using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Keys;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// HTTP clients of the running server with real access tokens: the demo caretaker integration by
/// client credentials over HTTP, and a demo citizen from the server's own token service (signed
/// with the server's key ring in the same data directory, validated by the server's JwtBearer like
/// any other token; the sign-in flow itself is not what is measured here).
/// </summary>
internal static class ApiSession
{
    public static async Task<HttpClient> CitizenAsync(ScaleSystem system, string email)
    {
        await using var app = ServerApp.Build([$"--Storage:DataDirectory={system.DataDirectory}", "--environment=Development", "--Logging:LogLevel:Default=Warning", .. system.Settings, .. system.Database.ServerSettings]);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        await app.Services.GetRequiredService<SigningKeyRing>().RefreshAsync(CancellationToken.None); // the server created the keys; load them
        var token = app.Services.GetRequiredService<TokenFactory>().CreateAccessToken(userId.ToString(), "guestaccess-cli", SpaceList.Of([Scopes.Api]), null, null, null);
        return Client(system.Server.BaseAddress, token.Token);
    }

    public static async Task<HttpClient> CaretakerAsync(ScaleSystem system)
    {
        using var anonymous = new HttpClient { BaseAddress = system.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("demo-integration:demo-integration-secret-2026")));
        using var response = await anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Client(system.Server.BaseAddress, json.RootElement.GetProperty("access_token").GetString()!);
    }

    /// <summary>Waits (long polls with If-None-Match) until the key's readiness is <paramref name="readiness"/>; the time since <paramref name="since"/>.</summary>
    public static async Task<TimeSpan> WaitForKeyAsync(HttpClient client, Guid keyId, string readiness, Stopwatch since, TimeSpan timeout)
    {
        EntityTagHeaderValue? etag = null;
        while (since.Elapsed < timeout)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/keys/{keyId}?wait=10");
            if (etag is not null)
            {
                request.Headers.IfNoneMatch.Add(etag);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200); // the server is down (killed on purpose): ask again when it is back
                continue;
            }

            using var _ = response;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var key = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (key.GetProperty("readiness").GetString() == readiness)
                {
                    return since.Elapsed;
                }

                etag = response.Headers.ETag;
            }
        }

        throw new TimeoutException($"Key {keyId} did not become {readiness}.");
    }

    private static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
