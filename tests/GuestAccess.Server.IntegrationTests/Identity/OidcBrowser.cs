using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>
/// A user agent for the code + PKCE flow: follows redirects by hand, keeps cookies, fills in the
/// real sign-in form. Each instance is one browser (its own cookie jar).
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    public const string CliClient = "guestaccess-cli";
    public const string CliRedirect = "http://127.0.0.1:53682/callback";
    public const string DefaultScope = "openid profile email offline_access guestaccess.api";
    public const string Password = "Demo-2026!";

    private readonly HttpClient _http;

    public OidcBrowser(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string ChallengeOf(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string AuthorizeUrl(string verifier, string state = "s1", string client = CliClient, string redirect = CliRedirect, string scope = DefaultScope, string? nonce = "n1") =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client,
            ["redirect_uri"] = redirect,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
        });

    /// <summary>Runs the authorization request, signing in when asked; returns the authorization code.</summary>
    public async Task<string> AuthorizeAsync(string email, string verifier, string password = Password, string scope = DefaultScope)
    {
        var location = await LocationAsync(await _http.GetAsync(AuthorizeUrl(verifier, scope: scope)));
        if (location.Contains("/account/login", StringComparison.Ordinal))
        {
            location = await SignInAsync(location, email, password);
            location = await LocationAsync(await _http.GetAsync(location));
        }

        Assert.StartsWith(CliRedirect, location);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal("s1", query["state"].ToString());
        return query["code"].ToString();
    }

    /// <summary>Fills in the sign-in page at <paramref name="loginUrl"/>; returns where it redirects.</summary>
    public async Task<string> SignInAsync(string loginUrl, string email, string password)
    {
        using var response = await PostLoginAsync(loginUrl, email, password);
        return await LocationAsync(response);
    }

    public async Task<HttpResponseMessage> PostLoginAsync(string loginUrl, string email, string password)
    {
        var page = await _http.GetStringAsync(loginUrl);
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), loginUrl).Query).TryGetValue("returnUrl", out var r) ? r.ToString() : "/account";
        return await _http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken(page),
            ["returnUrl"] = returnUrl,
            ["email"] = email,
            ["password"] = password,
        }));
    }

    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string action, Dictionary<string, string> fields)
    {
        var page = await _http.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = FormToken(page);
        return await _http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpResponseMessage> RedeemAsync(HttpClient client, string code, string verifier, string redirect = CliRedirect, string clientId = CliClient) =>
        await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
        }));

    public static async Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = CliClient,
            ["refresh_token"] = refreshToken,
        }));

    /// <summary>The whole flow for a user: tokens as JSON.</summary>
    public static async Task<TokenResponse> TokensForAsync(TestServer server, string email, string scope = DefaultScope)
    {
        using var browser = new OidcBrowser(server.BaseAddress);
        var verifier = NewVerifier();
        var code = await browser.AuthorizeAsync(email, verifier, scope: scope);
        using var response = await RedeemAsync(server.Client, code, verifier);
        return await TokenResponse.ReadAsync(response);
    }

    public static async Task<string> ClientCredentialsAsync(TestServer server, string clientId = "demo-integration", string secret = "demo-integration-secret-2026")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        using var response = await server.Client.SendAsync(request);
        return (await TokenResponse.ReadAsync(response)).AccessToken;
    }

    public static async Task<string> LocationAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(
                (int)response.StatusCode is 302 or 303,
                $"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return response.Headers.Location!.ToString();
        }
    }

    public static string FormToken(string html) => FormTokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page.");

    public void Dispose() => _http.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();
}

/// <summary>A token endpoint answer.</summary>
public sealed record TokenResponse(string AccessToken, string? RefreshToken, string? IdToken, int ExpiresIn, string Scope)
{
    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Token request failed ({(int)response.StatusCode}): {body}");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new TokenResponse(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null,
            root.TryGetProperty("id_token", out var i) ? i.GetString() : null,
            root.GetProperty("expires_in").GetInt32(),
            root.GetProperty("scope").GetString()!);
    }
}

/// <summary>An OAuth error answer (RFC 6749 §5.2) with our code.</summary>
public sealed record OAuthError(string Error, string? ErrorDescription, string Code)
{
    public static async Task<OAuthError> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(body);
        var parsed = new OAuthError(json.RootElement.GetProperty("error").GetString()!, json.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null, json.RootElement.GetProperty("code").GetString()!);
        Assert.Equal(error, parsed.Error);
        Assert.Equal(error, parsed.Code);
        return parsed;
    }
}
