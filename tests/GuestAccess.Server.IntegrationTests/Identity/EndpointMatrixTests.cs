using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>
/// Every endpoint × every demo role, no token, an expired token, a token from another issuer,
/// one signed with an unknown key, <c>alg: none</c>, an HS256 forgery keyed with our public key
/// and an ID token used as an access token — each answers exactly as declared in <see cref="EndpointAccess"/>.
/// </summary>
public sealed class EndpointMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    public static TheoryData<string> Declared => new(EndpointAccess.All.Where(d => d.Expect is not null).Select(d => d.Endpoint));

    [Fact]
    public void EveryEndpoint_HasADeclaredExpectation()
    {
        var mapped = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText?.TrimStart('/')}"))
            .ToHashSet();
        var declared = EndpointAccess.All.Select(d => d.Endpoint).ToHashSet();

        Assert.True(mapped.Except(declared).ToArray() is { Length: 0 }, "Endpoints without a declared expectation (add them to EndpointAccess): " + string.Join(", ", mapped.Except(declared)));
        Assert.True(declared.Except(mapped).ToArray() is { Length: 0 }, "Declared endpoints the server does not map: " + string.Join(", ", declared.Except(mapped)));
        Assert.All(EndpointAccess.All, d => Assert.Matches(EndpointAccess.EndpointShape(), d.Endpoint));
    }

    [Theory]
    [MemberData(nameof(Declared))]
    public async Task Endpoint_EachCaller_AnswersAsDeclared(string endpoint)
    {
        var declared = EndpointAccess.All.Single(d => d.Endpoint == endpoint);
        var wrong = new List<string>();
        foreach (var caller in fixture.Callers)
        {
            using var request = declared.Request(caller.Token);
            using var response = await fixture.Server.Client.SendAsync(request);
            var expected = declared.Expect!(caller);
            if ((int)response.StatusCode != expected)
            {
                wrong.Add($"{caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else if (expected >= 400)
            {
                var code = await Problem.PeekCodeAsync(response);
                await Problem.AssertAsync(response, response.StatusCode, expected == 401 ? "unauthorized" : code!);
                Assert.True(expected != 403 || code is "forbidden" or "insufficient_scope", $"{caller}: 403 with code {code}");
            }
        }

        Assert.True(wrong.Count == 0, $"{endpoint}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Matrix_CoversEveryDemoRoleAndEveryBrokenToken()
    {
        var names = fixture.Callers.Select(c => c.Name).ToArray();

        Assert.Equal(16, names.Length);
        Assert.Subset(names.ToHashSet(), new[] { "anonymous", "expired", "other-issuer", "unknown-key", "alg-none", "hs256-public-key", "admin-id-token", "demo-integration" }.ToHashSet());
        Assert.All(MatrixFixture.Accounts.Keys, a => Assert.Contains(a, names));
    }
}
