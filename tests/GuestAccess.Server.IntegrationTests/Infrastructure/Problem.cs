using System.Net;
using System.Net.Http.Json;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>An RFC 9457 problem as the API returns it.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, string Code, string? TraceId, Dictionary<string, string[]>? Errors)
{
    /// <summary>Asserts the response is a problem with the status and code, and returns it.</summary>
    public static async Task<Problem> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>(TestServer.Json);
        Assert.NotNull(problem);
        Assert.Equal(code, problem.Code);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
        return problem;
    }

    /// <summary>The code of a problem response, without asserting anything else.</summary>
    public static async Task<string?> PeekCodeAsync(HttpResponseMessage response)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
