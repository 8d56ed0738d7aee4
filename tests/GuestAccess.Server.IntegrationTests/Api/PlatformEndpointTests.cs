using System.Net;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Api;

public sealed class PlatformEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_RunningServer_IsHealthy(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksTheDatabase()
    {
        using var body = JsonDocument.Parse(await Server.Client.GetStringAsync("/health/ready"));

        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesThePublicEndpoints()
    {
        using var document = JsonDocument.Parse(await Server.Client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/v1/sites", paths);
        Assert.Contains("/api/v1/sites/{site}/opening-hours", paths);
        Assert.Contains("/api/v1/rooms/{room}", paths);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemWithCode()
    {
        using var response = await Server.Client.GetAsync("/api/v1/does-not-exist");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemWithCode()
    {
        using var response = await Server.Client.DeleteAsync("/api/v1/sites");

        await Problem.AssertAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
