using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>Authorization code + PKCE, refresh rotation and revocation against the real token service.</summary>
public sealed class CodeFlowTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly OidcBrowser _browser = new(fixture.Server.BaseAddress);

    private TestServer Server => fixture.Server;

    public void Dispose() => _browser.Dispose();

    [Fact]
    public async Task CodeFlow_CitizenSignsIn_AccessTokenOpensTheApi()
    {
        var tokens = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk");

        using var me = await Get("/api/v1/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal("Anna Borger", body.RootElement.GetProperty("displayName").GetString());
        Assert.Equal("citizen", body.RootElement.GetProperty("roles")[0].GetProperty("role").GetString());
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        Assert.Equal(600, tokens.ExpiresIn);
    }

    [Fact]
    public async Task Token_WrongPkceVerifier_InvalidGrant()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var code = await browser.AuthorizeAsync("borger2@demo.guestaccess.dk", OidcBrowser.NewVerifier());

        using var response = await OidcBrowser.RedeemAsync(Server.Client, code, OidcBrowser.NewVerifier());

        var error = await OAuthError.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Contains("code_verifier", error.ErrorDescription);
    }

    [Fact]
    public async Task Token_CodeUsedTwice_InvalidGrantAndTheFirstTokensAreRevoked()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var verifier = OidcBrowser.NewVerifier();
        var code = await browser.AuthorizeAsync("borger2@demo.guestaccess.dk", verifier);
        using var first = await OidcBrowser.RedeemAsync(Server.Client, code, verifier);
        var tokens = await TokenResponse.ReadAsync(first);

        using var second = await OidcBrowser.RedeemAsync(Server.Client, code, verifier);

        await OAuthError.AssertAsync(second, HttpStatusCode.BadRequest, "invalid_grant");
        using var me = await Get("/api/v1/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        using var refresh = await OidcBrowser.RefreshAsync(Server.Client, tokens.RefreshToken!);
        await OAuthError.AssertAsync(refresh, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_RedirectUriDiffersFromTheAuthorizationRequest_InvalidGrant()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var verifier = OidcBrowser.NewVerifier();
        var code = await browser.AuthorizeAsync("borger2@demo.guestaccess.dk", verifier);

        using var response = await OidcBrowser.RedeemAsync(Server.Client, code, verifier, redirect: "http://127.0.0.1:53682/other");

        await OAuthError.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("http://127.0.0.1:53682/elsewhere")]
    [InlineData("https://evil.example/callback")]
    [InlineData("http://localhost:53682/callback")]
    public async Task Authorize_UnregisteredRedirectUri_ErrorPageAndNoRedirect(string redirect)
    {
        using var response = await _browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier(), redirect: redirect));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<code class=\"error-code\">invalid_request</code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorize_LoopbackRedirectOnAnyPort_IsAccepted()
    {
        using var response = await _browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier(), redirect: "http://127.0.0.1:40001/callback"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Authorize_UnknownClient_ErrorPageWithInvalidClient()
    {
        using var response = await _browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier(), client: "no-such-client"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<code class=\"error-code\">invalid_client</code>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("plain", "invalid_request")]
    [InlineData(null, "invalid_request")]
    public async Task Authorize_PkceNotS256_RedirectsWithInvalidRequest(string? method, string error)
    {
        var url = OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier()).Replace("&code_challenge_method=S256", method is null ? string.Empty : $"&code_challenge_method={method}", StringComparison.Ordinal);

        using var response = await _browser.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal(error, query["error"].ToString());
        Assert.Equal("s1", query["state"].ToString());
        Assert.Equal(Server.BaseAddress.GetLeftPart(UriPartial.Authority), query["iss"].ToString());
    }

    [Fact]
    public async Task Authorize_MissingCodeChallenge_RedirectsWithInvalidRequest()
    {
        var url = OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier());
        url = QueryHelpers.AddQueryString(url[..url.IndexOf('?', StringComparison.Ordinal)], QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..]).Where(p => p.Key != "code_challenge").ToDictionary(p => p.Key, p => (string?)p.Value.ToString()));

        using var response = await _browser.Http.GetAsync(url);

        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString());
    }

    [Fact]
    public async Task Token_UnknownClient_401InvalidClient()
    {
        using var response = await Server.Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "nothing-at-all-here" }));

        await OAuthError.AssertAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_WrongClientSecret_401InvalidClientWithBasicChallenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("demo-integration:wrong-secret-value"u8.ToArray()));

        using var response = await Server.Client.SendAsync(request);

        await OAuthError.AssertAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("authorization_code", "unauthorized_client")]
    public async Task Token_GrantNotAllowed_Refused(string grant, string error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = grant, ["username"] = "admin@demo.guestaccess.dk", ["password"] = "Demo-2026!" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("demo-integration:demo-integration-secret-2026"u8.ToArray()));

        using var response = await Server.Client.SendAsync(request);

        await OAuthError.AssertAsync(response, HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task ClientCredentials_UserScopeRequested_InvalidScope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "openid guestaccess.api" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("demo-integration:demo-integration-secret-2026"u8.ToArray()));

        using var response = await Server.Client.SendAsync(request);

        await OAuthError.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Refresh_Rotates_AndReusingAnOldTokenRevokesTheWholeFamily()
    {
        var first = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk");
        using var rotate = await OidcBrowser.RefreshAsync(Server.Client, first.RefreshToken!);
        var second = await TokenResponse.ReadAsync(rotate);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        using (var ok = await Get("/api/v1/me", second.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var reuse = await OidcBrowser.RefreshAsync(Server.Client, first.RefreshToken!);

        await OAuthError.AssertAsync(reuse, HttpStatusCode.BadRequest, "invalid_grant");
        using var newest = await OidcBrowser.RefreshAsync(Server.Client, second.RefreshToken!);
        await OAuthError.AssertAsync(newest, HttpStatusCode.BadRequest, "invalid_grant");
        using var api = await Get("/api/v1/me", second.AccessToken);
        await Problem.AssertAsync(api, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Refresh_WiderScopeThanGranted_InvalidScope()
    {
        var tokens = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk", scope: "openid offline_access guestaccess.api");

        using var response = await Server.Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = OidcBrowser.CliClient,
            ["refresh_token"] = tokens.RefreshToken!,
            ["scope"] = "openid email offline_access guestaccess.api",
        }));

        await OAuthError.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Revoke_AccessToken_RefusedByTheApiAtOnce()
    {
        var tokens = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk");

        using var revoke = await Server.Client.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcBrowser.CliClient,
            ["token"] = tokens.AccessToken,
            ["token_type_hint"] = "access_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var api = await Get("/api/v1/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var refresh = await OidcBrowser.RefreshAsync(Server.Client, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task Revoke_RefreshToken_EndsTheFamily()
    {
        var tokens = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk");

        using var revoke = await Server.Client.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcBrowser.CliClient,
            ["token"] = tokens.RefreshToken!,
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var refresh = await OidcBrowser.RefreshAsync(Server.Client, tokens.RefreshToken!);
        await OAuthError.AssertAsync(refresh, HttpStatusCode.BadRequest, "invalid_grant");
        using var api = await Get("/api/v1/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Revoke_UnknownToken_200AndNothingRevealed()
    {
        using var revoke = await Server.Client.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = OidcBrowser.CliClient, ["token"] = "not-a-token" }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
    }

    [Fact]
    public async Task UserInfo_WithOpenIdToken_ReturnsProfileClaims()
    {
        var tokens = await OidcBrowser.TokensForAsync(Server, "borger@demo.guestaccess.dk");

        using var response = await Get("/connect/userinfo", tokens.AccessToken);

        var claims = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();
        Assert.Equal("Anna Borger", claims!["name"].GetString());
        Assert.Equal("borger@demo.guestaccess.dk", claims["email"].GetString());
    }

    private async Task<HttpResponseMessage> Get(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Client.SendAsync(request);
    }
}
