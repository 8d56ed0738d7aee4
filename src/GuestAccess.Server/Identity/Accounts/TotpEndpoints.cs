using System.Text;
using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.AspNetCore.Identity;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// TOTP (authenticator app, RFC 6238) for staff: the code step at sign-in, enrolment when it is
/// required and missing, and voluntary enrolment from the account page. Wrong codes count
/// towards the same lockout as wrong passwords.
/// </summary>
public static partial class TotpEndpoints
{
    public static async Task<IResult> ShowCodeAsync(HttpContext http, AccountForms forms, LoginStep step)
    {
        var l = PageLanguage.Of(http.Request);
        return step.Read(http) is null ? AccountForms.Expired(http.Request, l) : AccountPages.OneTimeCode(http.Request, l, forms.Form(http, string.Empty), []);
    }

    public static async Task<IResult> SubmitCodeAsync(HttpContext http, AccountForms forms, LoginStep step, UserManager<GuestAccessUser> users, IdentityAudit audit, TimeProvider clock, ILogger<AccountForms> logger)
    {
        var l = PageLanguage.Of(http.Request);
        if (await forms.ReadAsync(http) is not { } form || step.Read(http) is not { } state || await users.FindByIdAsync(state.UserId.ToString()) is not { TwoFactorEnabled: true } user)
        {
            return AccountForms.Expired(http.Request, l);
        }

        l = PageLanguage.Of(http.Request);

        if (await users.IsLockedOutAsync(user))
        {
            await audit.StaffSignInFailedAsync(user.Id, "locked_out", http.RequestAborted);
            LoginEndpoints.LogLockedOut(logger, user.Id);
            return AccountPages.OneTimeCode(http.Request, l, forms.Form(http, string.Empty), [("", l.T("Kontoen er midlertidigt låst. Prøv igen senere.", "The account is locked for a while. Try again later."))], 400);
        }

        var code = Normalize(form["code"]);
        if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
        {
            await users.AccessFailedAsync(user);
            await audit.StaffSignInFailedAsync(user.Id, "wrong_code", http.RequestAborted);
            LogWrongCode(logger, user.Id);
            return AccountPages.OneTimeCode(http.Request, l, forms.Form(http, string.Empty), [("code", l.T("Koden er forkert eller udløbet", "The code is wrong or has expired"))], 400);
        }

        await users.ResetAccessFailedCountAsync(user);
        return await CompleteAsync(http, user, state, clock, logger);
    }

    public static async Task<IResult> ShowSetupAsync(HttpContext http, AccountForms forms, LoginStep step, UserManager<GuestAccessUser> users)
    {
        var l = PageLanguage.Of(http.Request);
        var user = await EnrollingUserAsync(http, step, users);
        return user is null ? AccountForms.Expired(http.Request, l) : await SetupPageAsync(http, forms, users, user, l, Action(http), [], 200);
    }

    public static async Task<IResult> SubmitSetupAsync(HttpContext http, AccountForms forms, LoginStep step, UserManager<GuestAccessUser> users, TimeProvider clock, ILogger<AccountForms> logger)
    {
        var l = PageLanguage.Of(http.Request);
        if (await forms.ReadAsync(http) is not { } form || await EnrollingUserAsync(http, step, users) is not { } user)
        {
            return AccountForms.Expired(http.Request, l);
        }

        l = PageLanguage.Of(http.Request);

        if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Normalize(form["code"])))
        {
            return await SetupPageAsync(http, forms, users, user, l, Action(http), [("code", l.T("Koden er forkert eller udløbet", "The code is wrong or has expired"))], 400);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        LogEnrolled(logger, user.Id);
        return step.Read(http) is { } state && http.Request.Path.StartsWithSegments("/account/login")
            ? await CompleteAsync(http, user, state, clock, logger)
            : LocalUrl.SeeOther(http, $"{LocalUrl.AccountHome}?lang={l.Code}");
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, GuestAccessUser user, LoginStep.State state, TimeProvider clock, ILogger logger)
    {
        LoginStep.End(http);
        await IdpSession.SignInAsync(http, user, clock.GetUtcNow(), SpaceList.Of([IdpSession.Password, IdpSession.OneTimePassword]), "local");
        LoginEndpoints.LogSignedIn(logger, user.Id, "pwd otp");
        return LocalUrl.SeeOther(http, state.ReturnUrl);
    }

    // During sign-in: the user whose password was right. From the account page: the signed-in user.
    private static async Task<GuestAccessUser?> EnrollingUserAsync(HttpContext http, LoginStep step, UserManager<GuestAccessUser> users)
    {
        var id = http.Request.Path.StartsWithSegments("/account/login") ? step.Read(http)?.UserId : (await IdpSession.ReadAsync(http))?.UserId;
        var user = id is null ? null : await users.FindByIdAsync(id.Value.ToString());
        return user is { TwoFactorEnabled: false } ? user : null;
    }

    private static async Task<IResult> SetupPageAsync(HttpContext http, AccountForms forms, UserManager<GuestAccessUser> users, GuestAccessUser user, PageLanguage l, string action, IReadOnlyList<(string, string)> errors, int status)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var label = Uri.EscapeDataString($"GuestAccess:{user.Email ?? user.UserName}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer=GuestAccess&digits=6&period=30";
        return AccountPages.TotpSetup(http.Request, l, forms.Form(http, string.Empty), action, Group(key!), uri, errors, status);
    }

    private static string Action(HttpContext http) => http.Request.Path.StartsWithSegments("/account/login") ? "/account/login/totp-setup" : "/account/totp";

    private static string Normalize(string? code) => new((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }

    [LoggerMessage(EventId = 3034, Level = LogLevel.Warning, Message = "Sign-in: wrong one-time code for user {UserId}")]
    private static partial void LogWrongCode(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Information, Message = "User {UserId} turned on the authenticator app (TOTP)")]
    private static partial void LogEnrolled(ILogger logger, Guid userId);
}
