using System.Net;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>RP-initiated logout and the sign-out page end the token service session.</summary>
public sealed class LogoutTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task EndSession_ValidHintAndRegisteredRedirect_SignsOutAndReturnsState()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var idToken = await SignInAsync(browser);

        var url = QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = "http://127.0.0.1:53682/signed-out",
            ["state"] = "bye",
        });
        var location = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(url));

        Assert.Equal("http://127.0.0.1:53682/signed-out?state=bye", location);
        Assert.Equal("login_required", await SilentAuthorizeErrorAsync(browser));
    }

    [Fact]
    public async Task EndSession_UnregisteredRedirect_ErrorPageAndStillSignedIn()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var idToken = await SignInAsync(browser);

        using var response = await browser.Http.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = "https://evil.example/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code class=\"error-code\">invalid_request</code>", await response.Content.ReadAsStringAsync());
        Assert.Null(await SilentAuthorizeErrorAsync(browser));
    }

    [Fact]
    public async Task LogoutPage_Confirmed_EndsTheSession()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        await SignInAsync(browser);

        var done = await OidcBrowser.LocationAsync(await browser.PostFormAsync("/account/logout", "/account/logout", []));
        var page = await browser.Http.GetStringAsync(done);

        Assert.StartsWith("/account/logged-out", done);
        Assert.Contains("Du er logget ud", page);
        Assert.Equal("login_required", await SilentAuthorizeErrorAsync(browser));
    }

    private async Task<string> SignInAsync(OidcBrowser browser)
    {
        var verifier = OidcBrowser.NewVerifier();
        var code = await browser.AuthorizeAsync("borger2@demo.guestaccess.dk", verifier);
        return (await TokenResponse.ReadAsync(await OidcBrowser.RedeemAsync(Server.Client, code, verifier))).IdToken!;
    }

    // prompt=none: an error when there is no session, a code when there is.
    private static async Task<string?> SilentAuthorizeErrorAsync(OidcBrowser browser)
    {
        var location = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(OidcBrowser.NewVerifier()) + "&prompt=none"));
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        return query.TryGetValue("error", out var error) ? error.ToString() : null;
    }
}
