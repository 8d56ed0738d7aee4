using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>Our token service against clients nobody here wrote: npm openid-client, and plain ASP.NET Core JwtBearer.</summary>
public sealed class InteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // The script and its node_modules (./build.sh deps) stay in the source tree: bin/Release/net10.0 → ../../../oidc.
    private static readonly string Scripts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "oidc"));

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task OpenIdClient_CodeFlowRefreshReuseAndRevocation_BehaveAsSpecified()
    {
        Assert.True(Directory.Exists(Path.Combine(Scripts, "node_modules", "openid-client")), $"Run './build.sh deps' (npm install in {Scripts}).");
        var issuer = Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var result = JsonDocument.Parse(await RunNodeAsync("flow.mjs", issuer, "borger@demo.guestaccess.dk", OidcBrowser.Password));

        var r = result.RootElement;
        Assert.Equal(issuer, r.GetProperty("issuer").GetString());
        Assert.Equal(MatrixFixture.UserId("citizen").ToString(), r.GetProperty("sub").GetString());
        Assert.Equal("Anna Borger", r.GetProperty("name").GetString());
        Assert.Equal("guestaccess-cli", r.GetProperty("idTokenAudience").GetString());
        Assert.Equal("borger@demo.guestaccess.dk", r.GetProperty("userinfoEmail").GetString());
        Assert.True(r.GetProperty("rotated").GetBoolean());
        Assert.Equal("invalid_grant", r.GetProperty("reuse").GetString());
        Assert.Equal("invalid_grant", r.GetProperty("afterReuse").GetString());
        Assert.Equal("invalid_grant", r.GetProperty("afterRevocation").GetString());

        // The reuse revoked the family: its access tokens no longer open the API either.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", r.GetProperty("refreshedAccessToken").GetString());
        using var me = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task PlainJwtBearer_AuthorityIsOurServer_AcceptsOurTokensAndRefusesForgeries()
    {
        await using var api = await StartResourceServerAsync(Server.BaseAddress.GetLeftPart(UriPartial.Authority));
        var token = await OidcBrowser.ClientCredentialsAsync(Server);
        var forged = new TestTokens(Server);
        using var http = new HttpClient { BaseAddress = api.Urls.Select(u => new Uri(u)).First() };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, forged.UnknownKey(Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, forged.AlgNone(Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, forged.Expired(Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, null));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // A resource server written the way any team would: JwtBearer with Authority and Audience, nothing of ours.
    private static async Task<WebApplication> StartResourceServerAsync(string authority)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = authority;
            o.Audience = "guestaccess-api";
            o.RequireHttpsMetadata = false;
            o.MapInboundClaims = false;
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (HttpContext http) => http.User.FindFirst("client_id")?.Value).RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private static async Task<string> RunNodeAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Scripts, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node {script} failed: {await errors}");
        return await output;
    }
}
