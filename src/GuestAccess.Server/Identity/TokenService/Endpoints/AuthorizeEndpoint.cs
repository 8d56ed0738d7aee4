using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.TokenService.Endpoints;

/// <summary>
/// GET/POST /connect/authorize: the authorization code flow with PKCE. Validates the request
/// (errors before the client and redirect URI are trusted are shown, later ones redirected),
/// sends the user to sign in when needed, then redirects back with a one-time code.
/// </summary>
public static partial class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, IEnumerable<IAuthorizeRequestValidator> validators, AccountPolicy accounts, GuestAccessDb db, Issuer issuer,
        TimeProvider clock, IOptions<IdentitySettings> settings, IHostEnvironment environment, ILogger<AuthorizeRequestContext> logger)
    {
        var parameters = http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? string.Empty).ToArray())
            : http.Request.Query.ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? string.Empty).ToArray());
        var context = new AuthorizeRequestContext(http, parameters);
        var l = PageLanguage.Of(http.Request, context.Param("ui_locales") ?? context.Param("lang"));
        foreach (var validator in validators)
        {
            if (await validator.ValidateAsync(context, http.RequestAborted) is { } failure)
            {
                LogRefused(logger, context.Param("client_id"), failure.Error.Code);
                return context.RedirectUri is null
                    ? AccountPages.Error(http.Request, l, failure.Error.Code, failure.Error.Title(l.English), failure.Description)
                    : Redirect(context, issuer, ("error", failure.Error.Code), ("error_description", failure.Description));
            }
        }

        var prompt = (context.Param("prompt") ?? string.Empty).Split(' ');
        var session = prompt.Contains("login") ? null : await IdpSession.ReadAsync(http);
        var user = session is null ? null : await accounts.FindActiveAsync(session.UserId, http.RequestAborted);
        var needsCode = user is not null && !session!.Amr.Contains(IdpSession.OneTimePassword) && session.Idp == "local"
            && (user.TwoFactorEnabled || settings.Value.TotpRequiredForStaff(environment)) && await accounts.IsStaffAsync(user.Id, http.RequestAborted);
        if (user is null || needsCode)
        {
            if (prompt.Contains("none"))
            {
                return Redirect(context, issuer, ("error", "login_required"), ("error_description", "The user is not signed in."));
            }

            // Back here after signing in, without prompt=login (which would ask again forever).
            var again = QueryHelpers.AddQueryString("/connect/authorize", parameters.Where(p => p.Key != "prompt").SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))));
            return Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(again)}&lang={l.Code}");
        }

        var code = OpaqueToken.New();
        var now = clock.GetUtcNow();
        db.AuthorizationCodes.Add(new AuthorizationCode(
            OpaqueToken.HashOf(code), context.Client.Id, user.Id, context.RedirectUri!, context.Scopes, context.Param("code_challenge")!, context.Param("nonce"),
            session!.AuthTime, session.Amr, now, now + settings.Value.AuthorizationCodeLifetime));
        await db.SaveChangesAsync(http.RequestAborted);
        LogCodeIssued(logger, context.Client.Id, user.Id);
        return Redirect(context, issuer, ("code", code));
    }

    private static IResult Redirect(AuthorizeRequestContext context, Issuer issuer, params (string Name, string Value)[] values)
    {
        var query = values.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)).ToList();
        if (context.State is { } state)
        {
            query.Add(new("state", state));
        }

        query.Add(new("iss", issuer.Value)); // RFC 9207: lets the client detect mix-up attacks.
        return Results.Redirect(QueryHelpers.AddQueryString(context.RedirectUri!, query));
    }

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Authorization request by client {ClientId} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string? clientId, string error);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Authorization code issued to client {ClientId} for user {UserId}")]
    private static partial void LogCodeIssued(ILogger logger, string clientId, Guid userId);
}
