using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>The sign-in page: lockout, language, staff TOTP, demo accounts in Production, the get-token script.</summary>
public sealed partial class SignInTests
{
    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = new OidcBrowser(server.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.PostLoginAsync("/account/login", "ung@demo.guestaccess.dk", "wrong-password");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await browser.PostLoginAsync("/account/login", "ung@demo.guestaccess.dk", OidcBrowser.Password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("midlertidigt låst", await right.Content.ReadAsStringAsync());
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Users.SingleAsync(u => u.Email == "ung@demo.guestaccess.dk");
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task LoginPage_Markup_LabelsErrorSummaryAndLanguageSwitch()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = new OidcBrowser(server.BaseAddress);

        using var failed = await browser.PostLoginAsync("/account/login?lang=en", "borger@demo.guestaccess.dk", string.Empty);
        var html = await failed.Content.ReadAsStringAsync();
        var danish = await browser.Http.GetStringAsync("/account/login");

        Assert.Contains("<html lang=\"da\">", danish);
        Assert.Contains("<label class=\"form-label\" for=\"email\">E-mail</label>", danish);
        Assert.Contains("<label class=\"form-label\" for=\"password\">Adgangskode</label>", danish);
        Assert.Contains("lang=en", danish);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("href=\"#password\"", html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"password-error\"", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Login_DemoAccountInProduction_Refused()
    {
        var data = Directory.CreateTempSubdirectory("guestaccess-test-").FullName;
        try
        {
            await (await TestServer.StartAsync(data)).DisposeAsync(); // seeded with the demo accounts outside Production
            await using var production = await TestServer.StartAsync(data, "--environment=Production", "--Identity:Issuer=http://127.0.0.1");
            using var browser = new OidcBrowser(production.BaseAddress);

            using var login = await browser.PostLoginAsync("/account/login", "admin@demo.guestaccess.dk", OidcBrowser.Password);
            using var token = await production.Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "demo-integration",
                ["client_secret"] = "demo-integration-secret-2026",
            }));

            Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
            Assert.Contains("Demokonti kan ikke bruges i produktion", await login.Content.ReadAsStringAsync());
            await OAuthError.AssertAsync(token, HttpStatusCode.BadRequest, "unauthorized_client");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Totp_RequiredForStaff_EnrolThenEveryLoginNeedsTheCode()
    {
        await using var server = await TestServer.StartAsync(null, "--Identity:RequireTotpForStaff=true");
        using var first = new OidcBrowser(server.BaseAddress);
        var setup = await first.SignInAsync("/account/login", "pedel.dokk1@demo.guestaccess.dk", OidcBrowser.Password);
        Assert.StartsWith("/account/login/totp-setup", setup);
        var page = await first.Http.GetStringAsync(setup);
        var key = SharedKey().Match(page).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

        using var wrong = await first.PostFormAsync(setup, "/account/login/totp-setup", new() { ["code"] = "000000" == Totp(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var enrolmentStep = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var enrolment = Totp(key, enrolmentStep);
        var done = await OidcBrowser.LocationAsync(await first.PostFormAsync(setup, "/account/login/totp-setup", new() { ["code"] = enrolment }));
        Assert.Equal("/account", done);

        using var second = new OidcBrowser(server.BaseAddress);
        var verifier = OidcBrowser.NewVerifier();
        var login = await OidcBrowser.LocationAsync(await second.Http.GetAsync(OidcBrowser.AuthorizeUrl(verifier)));
        var step = await second.SignInAsync(login, "pedel.dokk1@demo.guestaccess.dk", OidcBrowser.Password);
        Assert.StartsWith("/account/login/totp", step);
        using var bad = await second.PostFormAsync(step, "/account/login/totp", new() { ["code"] = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // The enrolment code was used: the same code again is a replay and is refused.
        using var replay = await second.PostFormAsync(step, "/account/login/totp", new() { ["code"] = enrolment });
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);

        // The app's next code (one step ahead is inside the window) works.
        var back = await OidcBrowser.LocationAsync(await second.PostFormAsync(step, "/account/login/totp", new() { ["code"] = Totp(key, enrolmentStep + 1) }));
        var callback = await OidcBrowser.LocationAsync(await second.Http.GetAsync(back));
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(callback).Query)["code"].ToString();
        var tokens = await TokenResponse.ReadAsync(await OidcBrowser.RedeemAsync(server.Client, code, verifier));
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(tokens.AccessToken.Split('.')[1])));
        Assert.Contains("\"amr\":[\"pwd\",\"otp\"]", payload);
    }

    [Fact]
    public async Task GetTokenScript_CaretakerSignsInWithCurl_TokenOpensTheApi()
    {
        await using var server = await TestServer.StartAsync();
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "GuestAccess.Server", "Requests", "get-token.sh"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "pedel.syd@demo.guestaccess.dk", OidcBrowser.Password, server.BaseAddress.GetLeftPart(UriPartial.Authority) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var token = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites/viby/staff");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Logs_AfterFlowsWithSecrets_NeverContainThem()
    {
        await using var server = await TestServer.StartAsync();
        var tokens = await OidcBrowser.TokensForAsync(server, "borger@demo.guestaccess.dk");
        using var refresh = await OidcBrowser.RefreshAsync(server.Client, tokens.RefreshToken!);
        using var reuse = await OidcBrowser.RefreshAsync(server.Client, tokens.RefreshToken!);
        var client = await OidcBrowser.ClientCredentialsAsync(server);
        using var browser = new OidcBrowser(server.BaseAddress);
        using var wrong = await browser.PostLoginAsync("/account/login", "borger2@demo.guestaccess.dk", "Secret-Wrong-Password-1");

        var all = string.Join("\n", server.Logs.Entries.Select(e => e.Message + e.Exception));
        Assert.Contains("revoked", all, StringComparison.Ordinal); // the reuse was logged (Warning), so we did look at real entries
        foreach (var secret in new[] { tokens.AccessToken, tokens.RefreshToken!, tokens.IdToken!, client, "demo-integration-secret-2026", "Demo-2026!", "Secret-Wrong-Password-1" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    // RFC 6238 with SHA-1, 30 s steps, 6 digits: what an authenticator app computes.
    private static string Totp(string base32, long counter)
    {
        var key = Base32(base32);
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    [GeneratedRegex("<code id=\"shared-key\">([^<]+)</code>")]
    private static partial Regex SharedKey();
}
