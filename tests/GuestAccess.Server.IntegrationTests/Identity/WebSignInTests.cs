using System.Net;
using System.Text.Json;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>The web UI signs in through our own code + PKCE flow into a cookie session, and out again.</summary>
public sealed class WebSignInTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task WebPage_Anonymous_SignsInThroughTheTokenService_ThenSignsOut()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        // A JSON endpoint under the cookie answers 401 (not a redirect) and names the sign-in in Location.
        string signin;
        using (var anonymous = await browser.Http.GetAsync("/web/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            signin = anonymous.Headers.Location!.ToString();
        }

        Assert.Equal("/signin?returnUrl=%2Fweb%2Fme", new Uri(new Uri(origin), signin).PathAndQuery);
        var authorize = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(signin));
        Assert.StartsWith($"{origin}/connect/authorize?", authorize);
        Assert.Contains("client_id=guestaccess-web", authorize);
        Assert.Contains("code_challenge_method=S256", authorize);
        var login = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(authorize));
        var back = await browser.SignInAsync(login, "revisor.dokk1@demo.guestaccess.dk", OidcBrowser.Password);
        var callback = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(back));
        Assert.StartsWith($"{origin}/signin-oidc?", callback);
        var page = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(callback));
        Assert.Equal("/web/me", page);

        using (var me = await browser.Http.GetAsync(page))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
            Assert.Equal("Rasmus Revision", body.RootElement.GetProperty("displayName").GetString());
        }

        var endSession = await OidcBrowser.LocationAsync(await browser.Http.GetAsync("/signout"));
        Assert.StartsWith($"{origin}/connect/endsession?id_token_hint=", endSession);
        var signedOut = await OidcBrowser.LocationAsync(await browser.Http.GetAsync(endSession));
        Assert.Equal($"{origin}/account/logged-out", signedOut);
        using var after = await browser.Http.GetAsync("/web/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task WebCallback_WithoutTheStateCookie_Refused()
    {
        using var browser = new OidcBrowser(Server.BaseAddress);

        using var response = await browser.Http.GetAsync("/signin-oidc?code=forged&state=forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("access_denied", await response.Content.ReadAsStringAsync());
    }
}
