using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// Between the password and the one-time code: a short-lived, Data-Protection-sealed cookie
/// saying whose password was right and where the sign-in continues. It is not a session.
/// </summary>
public sealed class LoginStep(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string CookieName = "ga.login";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public void Begin(HttpContext http, Guid userId, string returnUrl, string lang)
    {
        var payload = JsonSerializer.Serialize(new State(userId, returnUrl, lang, clock.GetUtcNow() + Lifetime));
        http.Response.Cookies.Append(CookieName, Protector().Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/account/login",
            MaxAge = Lifetime,
        });
    }

    public State? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } sealedValue)
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<State>(Protector().Unprotect(sealedValue));
            return state is not null && state.ExpiresAt > clock.GetUtcNow() ? state : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    public static void End(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/account/login" });

    private IDataProtector Protector() => dataProtection.CreateProtector("GuestAccess.Identity.LoginStep.v1");

    public sealed record State(Guid UserId, string ReturnUrl, string Lang, DateTimeOffset ExpiresAt);
}
