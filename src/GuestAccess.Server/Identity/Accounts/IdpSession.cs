using System.Security.Claims;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.AspNetCore.Authentication;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// The sign-in session at the token service itself (cookie <c>ga.idp</c>): who signed in, when,
/// and how (amr). The authorization endpoint reads it; only the account pages write it.
/// </summary>
public static class IdpSession
{
    public const string Scheme = "GuestAccess.Idp";
    public const string CookieName = "ga.idp";

    /// <summary>Authentication methods (RFC 8176): password, one-time password, external provider.</summary>
    public const string Password = "pwd";
    public const string OneTimePassword = "otp";
    public const string Federated = "fed";

    public static Task SignInAsync(HttpContext http, GuestAccessUser user, DateTimeOffset now, SpaceList amr, string idp)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", user.Id.ToString()),
                new Claim(TokenClaims.Name, user.DisplayName),
                new Claim(TokenClaims.AuthTime, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(TokenClaims.Amr, amr.ToString()),
                new Claim(TokenClaims.Idp, idp),
            ],
            Scheme,
            "sub",
            null);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The current session, if any.</summary>
    public static async Task<Session?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        var principal = result.Succeeded ? result.Principal : null;
        if (principal?.FindFirst("sub")?.Value is not { } sub || !Guid.TryParse(sub, out var userId)
            || !long.TryParse(principal.FindFirst(TokenClaims.AuthTime)?.Value, out var authTime))
        {
            return null;
        }

        return new Session(userId, DateTimeOffset.FromUnixTimeSeconds(authTime), SpaceList.Parse(principal.FindFirst(TokenClaims.Amr)?.Value), principal.FindFirst(TokenClaims.Idp)?.Value ?? "local");
    }

    public sealed record Session(Guid UserId, DateTimeOffset AuthTime, SpaceList Amr, string Idp);
}
