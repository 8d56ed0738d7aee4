using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>Role changes take effect on the next request; site scoping answers 404; the last admin stays.</summary>
public sealed class AdminRolesTests
{
    [Fact]
    public async Task CaretakerOfDokk1_CannotSeeViby_UntilAnAdminGivesThatSite_ThenAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        var caretaker = (await OidcBrowser.TokensForAsync(server, "pedel.dokk1@demo.guestaccess.dk")).AccessToken;
        var admin = (await OidcBrowser.TokensForAsync(server, "admin@demo.guestaccess.dk")).AccessToken;

        using (var before = await SendAsync(server, HttpMethod.Get, "/api/v1/sites/viby/staff", caretaker))
        {
            await Problem.AssertAsync(before, HttpStatusCode.NotFound, "site_not_found");
        }

        using (var change = await SendAsync(server, HttpMethod.Put, $"/api/v1/admin/users/{MatrixFixture.UserId("caretaker-dokk1")}/roles", caretaker, new { roles = new[] { new { role = "admin" } } }))
        {
            await Problem.AssertAsync(change, HttpStatusCode.Forbidden, "forbidden");
        }

        using (var grant = await SendAsync(server, HttpMethod.Put, $"/api/v1/admin/users/{MatrixFixture.UserId("caretaker-dokk1")}/roles", admin, new { roles = new[] { new { role = "caretaker", site = "dokk1" }, new { role = "caretaker", site = "viby" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        }

        using var after = await SendAsync(server, HttpMethod.Get, "/api/v1/sites/viby/staff", caretaker);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var staff = await after.Content.ReadFromJsonAsync<StaffMember[]>(TestServer.Json);
        Assert.Contains(staff!, s => s.DisplayName == "Peter Pedel");
        Assert.Equal(1, await AuditCountAsync(server, "role.changed"));
    }

    [Fact]
    public async Task StaffSignIn_WrongPassword_RecordedInTheAuditLog_CitizenNot()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = new OidcBrowser(server.BaseAddress);

        using var staff = await browser.PostLoginAsync("/account/login", "pedel.syd@demo.guestaccess.dk", "wrong-password");
        using var citizen = await browser.PostLoginAsync("/account/login", "borger@demo.guestaccess.dk", "wrong-password");

        Assert.Equal(1, await AuditCountAsync(server, "login.failed"));
    }

    private static async Task<int> AuditCountAsync(TestServer server, string action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().AuditRecords.CountAsync(a => a.Action == action);
    }

    [Fact]
    public async Task RateLimit_TokenEndpoint_429WithProblemAndRetryAfter()
    {
        await using var server = await TestServer.StartAsync(null, "--Identity:RateLimits:Token:PermitLimit=2");
        for (var i = 0; i < 2; i++)
        {
            await OidcBrowser.ClientCredentialsAsync(server);
        }

        using var refused = await server.Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    internal static async Task<HttpResponseMessage> SendAsync(TestServer server, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await server.Client.SendAsync(request);
    }

    private sealed record StaffMember(Guid Id, string DisplayName, string? Email, string[] Roles);
}

/// <summary>Refused role changes (nothing changes, so one server serves them all).</summary>
public sealed class AdminRolesValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SetRoles_RemovingTheLastAdmin_409LastAdmin()
    {
        var server = fixture.Server;
        var admin = (await OidcBrowser.TokensForAsync(server, "admin@demo.guestaccess.dk")).AccessToken;

        using var response = await AdminRolesTests.SendAsync(server, HttpMethod.Put, $"/api/v1/admin/users/{MatrixFixture.UserId("admin")}/roles", admin, new { roles = new[] { new { role = "citizen" } } });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "last_admin");
    }

    [Theory]
    [InlineData("{\"roles\":[{\"role\":\"caretaker\"}]}", "validation_failed", HttpStatusCode.BadRequest)]
    [InlineData("{\"roles\":[{\"role\":\"admin\",\"site\":\"dokk1\"}]}", "validation_failed", HttpStatusCode.BadRequest)]
    [InlineData("{\"roles\":[{\"role\":\"caretaker\",\"site\":\"atlantis\"}]}", "invalid_role_assignment", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"roles\":[{\"role\":\"janitor\"}]}", "malformed_request", HttpStatusCode.BadRequest)]
    public async Task SetRoles_InvalidAssignment_RefusedWithCode(string body, string code, HttpStatusCode status)
    {
        var server = fixture.Server;
        var admin = (await OidcBrowser.TokensForAsync(server, "admin@demo.guestaccess.dk")).AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/users/{MatrixFixture.UserId("citizen2")}/roles") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);

        using var response = await server.Client.SendAsync(request);

        await Problem.AssertAsync(response, status, code);
    }
}
