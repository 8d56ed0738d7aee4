using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GuestAccess.Server.Identity;
using GuestAccess.Server.Identity.Federation;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>
/// Federation proven against a real upstream OpenID Connect provider: a SECOND GuestAccess
/// server (its own issuer, keys and users) plays MitID for the first.
/// </summary>
public sealed class FederationTests
{
    private const string UpstreamClient = "federation-test";
    private const string UpstreamSecret = "federation-test-secret-2026";

    [Fact]
    public async Task CitizenProvider_FirstSignIn_ProvisionsACitizenUnderAPseudonym_SecondSignInFindsTheSameAccount()
    {
        using var seeds = new SeedFiles();
        seeds.Edit(Path.Combine(seeds.Directory, "clients.json"), json => json.Replace("\"clients\": [", $$"""
            "clients": [
                { "clientId": "{{UpstreamClient}}", "displayName": "GuestAccess A", "secret": "{{UpstreamSecret}}",
                  "grantTypes": ["authorization_code"], "scopes": ["openid", "profile"],
                  "redirectUris": ["http://127.0.0.1/signin-upstream/mitid"] },
            """, StringComparison.Ordinal));
        await using var upstream = await TestServer.StartAsync(null, $"--Seed:Directory={seeds.Directory}");
        var upstreamIssuer = upstream.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var server = await TestServer.StartAsync(
            null,
            $"--Identity:Upstream:mitid:Authority={upstreamIssuer}",
            $"--Identity:Upstream:mitid:ClientId={UpstreamClient}",
            $"--Identity:Upstream:mitid:ClientSecret={UpstreamSecret}",
            "--Identity:Upstream:mitid:Scopes=openid profile",
            "--Identity:Upstream:mitid:Kind=Citizen",
            "--Identity:Upstream:mitid:DisplayName=MitID (test)",
            "--Identity:Upstream:mitid:RequireHttpsMetadata=false");
        var upstreamSubject = MatrixFixture.UserId("citizen").ToString();

        var first = await SignInThroughUpstreamAsync(server, "borger@demo.guestaccess.dk");
        var second = await SignInThroughUpstreamAsync(server, "borger@demo.guestaccess.dk");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("Anna Borger", first.DisplayName);
        Assert.Equal(["citizen"], first.Roles);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var login = await db.UserLogins.SingleAsync(l => l.LoginProvider == UpstreamAccounts.LoginProvider("mitid"));
        Assert.Equal(first.Id, login.UserId);
        Assert.Equal(64, login.ProviderKey.Length);
        Assert.DoesNotContain(upstreamSubject, login.ProviderKey, StringComparison.OrdinalIgnoreCase);
        var user = await db.Users.SingleAsync(u => u.Id == first.Id);
        Assert.Equal(AccountKind.Person, user.Kind);
        Assert.Null(user.Email);
        Assert.False(user.IsDemo);
    }

    [Fact]
    public void Pseudonym_DependsOnKeyIssuerAndSubject_AndHidesTheSubject()
    {
        var key = new byte[32];
        var other = Enumerable.Repeat((byte)1, 32).ToArray();

        var pseudonym = PseudonymousSubject.Compute(key, "https://mitid.example", "0101901234");

        Assert.Equal(pseudonym, PseudonymousSubject.Compute(key, "https://mitid.example", "0101901234"));
        Assert.NotEqual(pseudonym, PseudonymousSubject.Compute(other, "https://mitid.example", "0101901234"));
        Assert.NotEqual(pseudonym, PseudonymousSubject.Compute(key, "https://other.example", "0101901234"));
        Assert.NotEqual(pseudonym, PseudonymousSubject.Compute(key, "https://mitid.example", "0101901235"));
        Assert.DoesNotContain("0101901234", pseudonym, StringComparison.Ordinal);
    }

    // The browser: A's authorize → A's sign-in page → "MitID (test)" → B's authorize and sign-in →
    // back to A → code. Two cookie jars, as two sites on different hosts would have.
    private static async Task<Me> SignInThroughUpstreamAsync(TestServer server, string email)
    {
        using var site = new OidcBrowser(server.BaseAddress);
        var verifier = OidcBrowser.NewVerifier();
        var login = await OidcBrowser.LocationAsync(await site.Http.GetAsync(OidcBrowser.AuthorizeUrl(verifier)));
        var page = await site.Http.GetStringAsync(login);
        var button = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/account/external/mitid[^\"]*)\">MitID \\(test\\)<").Groups[1].Value;
        Assert.NotEmpty(button);

        var upstreamAuthorize = new Uri(await OidcBrowser.LocationAsync(await site.Http.GetAsync(WebUtility.HtmlDecode(button))));
        using var upstream = new OidcBrowser(new Uri(upstreamAuthorize.GetLeftPart(UriPartial.Authority)));
        var upstreamLogin = await OidcBrowser.LocationAsync(await upstream.Http.GetAsync(upstreamAuthorize.PathAndQuery));
        var back = await upstream.SignInAsync(upstreamLogin, email, OidcBrowser.Password);
        var callback = new Uri(await OidcBrowser.LocationAsync(await upstream.Http.GetAsync(back)));
        Assert.Equal(server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/signin-upstream/mitid", callback.GetLeftPart(UriPartial.Path));
        var resume = await OidcBrowser.LocationAsync(await site.Http.GetAsync(callback.PathAndQuery));
        var redirect = await OidcBrowser.LocationAsync(await site.Http.GetAsync(resume));
        var code = QueryHelpers.ParseQuery(new Uri(redirect).Query)["code"].ToString();
        var tokens = await TokenResponse.ReadAsync(await OidcBrowser.RedeemAsync(server.Client, code, verifier));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Me(
            me.RootElement.GetProperty("id").GetGuid(),
            me.RootElement.GetProperty("displayName").GetString()!,
            me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("role").GetString()!).ToArray());
    }

    private sealed record Me(Guid Id, string DisplayName, string[] Roles);
}
