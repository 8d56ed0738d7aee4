using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.TokenService.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// The password step of signing in: Identity's password hashing and lockout, then (for staff)
/// the one-time code step, then the token service session.
/// </summary>
public static partial class LoginEndpoints
{
    public static async Task<IResult> ShowAsync(HttpContext http, AccountForms forms, string? returnUrl)
    {
        var l = PageLanguage.Of(http.Request);
        return AccountPages.Login(http.Request, l, forms.Form(http, LocalUrl.OrHome(returnUrl)), null, [], forms.Upstream());
    }

    public static async Task<IResult> SubmitAsync(
        HttpContext http, AccountForms forms, UserManager<GuestAccessUser> users, SignInManager<GuestAccessUser> signIn, AccountPolicy policy,
        LoginStep step, IdentityAudit audit, TimeProvider clock, IOptions<IdentitySettings> settings, IHostEnvironment environment, ILogger<AccountForms> logger)
    {
        var l = PageLanguage.Of(http.Request);
        if (await forms.ReadAsync(http) is not { } form)
        {
            return AccountForms.Expired(http.Request, l);
        }

        l = PageLanguage.Of(http.Request);

        var returnUrl = LocalUrl.OrHome(form["returnUrl"]);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var errors = new List<(string, string)>();
        if (email.Length == 0)
        {
            errors.Add(("email", l.T("Indtast din e-mail", "Enter your email")));
        }

        if (password.Length == 0)
        {
            errors.Add(("password", l.T("Indtast din adgangskode", "Enter your password")));
        }

        var user = errors.Count == 0 && email.Length <= 254 ? await users.FindByEmailAsync(email) : null;
        if (errors.Count == 0)
        {
            var result = user is null || user.Kind != AccountKind.Person ? SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (user is not null && !result.Succeeded && await policy.IsStaffAsync(user.Id, http.RequestAborted))
            {
                await audit.StaffSignInFailedAsync(user.Id, result.IsLockedOut ? "locked_out" : "wrong_password", http.RequestAborted);
            }

            if (result.IsLockedOut)
            {
                LogLockedOut(logger, user!.Id);
                errors.Add(("", l.T("Kontoen er midlertidigt låst efter for mange forkerte forsøg. Prøv igen senere.", "The account is locked for a while after too many wrong attempts. Try again later.")));
            }
            else if (!result.Succeeded)
            {
                LogFailed(logger, user?.Id);
                errors.Add(("password", l.T("Forkert e-mail eller adgangskode", "Wrong email or password")));
            }
            else if (policy.RefusesDemo(user!))
            {
                LogDemoRefused(logger, user!.Id);
                errors.Add(("", l.T("Demokonti kan ikke bruges i produktion.", "Demo accounts cannot be used in production.")));
            }
        }

        if (errors.Count > 0)
        {
            return AccountPages.Login(http.Request, l, forms.Form(http, returnUrl), email, errors, forms.Upstream(), StatusCodes.Status400BadRequest);
        }

        var staff = await policy.IsStaffAsync(user!.Id, http.RequestAborted);
        if (staff && (user.TwoFactorEnabled || settings.Value.TotpRequiredForStaff(environment)))
        {
            step.Begin(http, user.Id, returnUrl, l.Code);
            return LocalUrl.SeeOther(http, user.TwoFactorEnabled ? $"/account/login/totp?lang={l.Code}" : $"/account/login/totp-setup?lang={l.Code}");
        }

        await IdpSession.SignInAsync(http, user, clock.GetUtcNow(), SpaceList.Of([IdpSession.Password]), "local");
        LogSignedIn(logger, user.Id, IdpSession.Password);
        return LocalUrl.SeeOther(http, returnUrl);
    }

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "User {UserId} signed in ({Methods})")]
    internal static partial void LogSignedIn(ILogger logger, Guid userId, string methods);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Sign-in failed (user {UserId}): wrong e-mail or password")]
    private static partial void LogFailed(ILogger logger, Guid? userId);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is locked out")]
    internal static partial void LogLockedOut(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is a demo account and the environment is Production")]
    private static partial void LogDemoRefused(ILogger logger, Guid userId);
}
