using static GuestAccess.Server.Identity.Accounts.Pages.HtmlPage;

namespace GuestAccess.Server.Identity.Accounts.Pages;

/// <summary>The sign-in, one-time-code, sign-out and error pages of the token service.</summary>
public static class AccountPages
{
    public sealed record Form(string FieldName, string Token, string ReturnUrl);

    public sealed record UpstreamLink(string Name, string DisplayName);

    public static IResult Login(HttpRequest request, PageLanguage l, Form form, string? email, IReadOnlyList<(string, string)> errors, IReadOnlyList<UpstreamLink> upstream, int status = 200)
    {
        var providers = upstream.Count == 0 ? string.Empty : $"""
            <h2>{l.T("Eller log ind med", "Or sign in with")}</h2>
            <ul>{string.Concat(upstream.Select(u => $"<li><a href=\"/account/external/{Encode(u.Name)}?returnUrl={Uri.EscapeDataString(form.ReturnUrl)}&amp;lang={l.Code}\">{Encode(u.DisplayName)}</a></li>"))}</ul>
            """;
        var body = $"""
            {ErrorSummary(l, errors)}
            <form method="post" action="/account/login" novalidate>
            {Hidden(form.FieldName, form.Token)}{Hidden("returnUrl", form.ReturnUrl)}{Hidden("lang", l.Code)}
            {Field("email", l.T("E-mail", "Email"), "email", email, "username", errors, " spellcheck=\"false\"")}
            {Field("password", l.T("Adgangskode", "Password"), "password", null, "current-password", errors)}
            <button type="submit" class="button button-primary">{l.T("Log ind", "Sign in")}</button>
            </form>
            {providers}
            """;
        return Render(l, l.T("Log ind", "Sign in"), body, SwitchHref(request, l), status);
    }

    public static IResult OneTimeCode(HttpRequest request, PageLanguage l, Form form, IReadOnlyList<(string, string)> errors, int status = 200)
    {
        var body = $"""
            <p>{l.T("Indtast den 6-cifrede kode fra din godkendelses-app.", "Enter the 6-digit code from your authenticator app.")}</p>
            {ErrorSummary(l, errors)}
            <form method="post" action="/account/login/totp" novalidate>
            {Hidden(form.FieldName, form.Token)}{Hidden("lang", l.Code)}
            {Field("code", l.T("Engangskode", "One-time code"), "text", null, "one-time-code", errors, " inputmode=\"numeric\" pattern=\"[0-9]{6}\" maxlength=\"6\"")}
            <button type="submit" class="button button-primary">{l.T("Fortsæt", "Continue")}</button>
            </form>
            """;
        return Render(l, l.T("Engangskode", "One-time code"), body, SwitchHref(request, l), status);
    }

    public static IResult TotpSetup(HttpRequest request, PageLanguage l, Form form, string action, string sharedKey, string otpauthUri, IReadOnlyList<(string, string)> errors, int status = 200)
    {
        var body = $"""
            <p>{l.T(
                "Personale skal bruge en godkendelses-app (f.eks. Microsoft Authenticator eller Google Authenticator). Tilføj en konto i appen med nøglen herunder, og indtast derefter den kode, appen viser.",
                "Staff must use an authenticator app (such as Microsoft Authenticator or Google Authenticator). Add an account in the app with the key below, then enter the code the app shows.")}</p>
            <p>{l.T("Nøgle", "Key")}: <code id="shared-key">{Encode(sharedKey)}</code></p>
            <p><a href="{Encode(otpauthUri)}">{l.T("Åbn i godkendelses-appen", "Open in the authenticator app")}</a></p>
            {ErrorSummary(l, errors)}
            <form method="post" action="{Encode(action)}" novalidate>
            {Hidden(form.FieldName, form.Token)}{Hidden("lang", l.Code)}
            {Field("code", l.T("Kode fra appen", "Code from the app"), "text", null, "one-time-code", errors, " inputmode=\"numeric\" pattern=\"[0-9]{6}\" maxlength=\"6\"")}
            <button type="submit" class="button button-primary">{l.T("Aktivér", "Turn on")}</button>
            </form>
            """;
        return Render(l, l.T("Opsæt godkendelses-app", "Set up an authenticator app"), body, SwitchHref(request, l), status);
    }

    public static IResult Account(HttpRequest request, PageLanguage l, string displayName, bool totpEnabled)
    {
        var totp = totpEnabled
            ? l.T("Godkendelses-app er slået til.", "The authenticator app is on.")
            : $"<a href=\"/account/totp?lang={l.Code}\">{l.T("Opsæt godkendelses-app", "Set up an authenticator app")}</a>";
        var body = $"""
            <p>{l.T("Du er logget ind som", "You are signed in as")} <strong>{Encode(displayName)}</strong>.</p>
            <p>{totp}</p>
            <p><a href="/account/logout?lang={l.Code}">{l.T("Log ud", "Sign out")}</a></p>
            """;
        return Render(l, l.T("Din konto", "Your account"), body, SwitchHref(request, l));
    }

    public static IResult LogoutConfirm(HttpRequest request, PageLanguage l, Form form, string? postLogoutRedirectUri, string? state)
    {
        var body = $"""
            <p>{l.T("Vil du logge ud af GuestAccess?", "Do you want to sign out of GuestAccess?")}</p>
            <form method="post" action="/account/logout">
            {Hidden(form.FieldName, form.Token)}{Hidden("lang", l.Code)}{Hidden("post_logout_redirect_uri", postLogoutRedirectUri)}{Hidden("state", state)}
            <button type="submit" class="button button-primary">{l.T("Log ud", "Sign out")}</button>
            </form>
            """;
        return Render(l, l.T("Log ud", "Sign out"), body, SwitchHref(request, l));
    }

    public static IResult LoggedOut(HttpRequest request, PageLanguage l) =>
        Render(l, l.T("Du er logget ud", "You are signed out"), $"<p>{l.T("Du kan lukke vinduet.", "You can close this window.")}</p>", SwitchHref(request, l));

    /// <summary>An error that cannot be sent back to the client (unknown client, bad redirect URI): shown with its code.</summary>
    public static IResult Error(HttpRequest request, PageLanguage l, string code, string title, string description, int status = 400)
    {
        var body = $"""
            <p>{Encode(title)}</p>
            <p>{l.T("Fejlkode", "Error code")}: <code class="error-code">{Encode(code)}</code></p>
            <p>{Encode(description)}</p>
            """;
        return Render(l, l.T("Der opstod en fejl", "Something went wrong"), body, SwitchHref(request, l), status);
    }
}
