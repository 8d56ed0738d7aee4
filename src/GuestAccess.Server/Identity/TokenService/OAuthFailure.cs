using GuestAccess.Server.Infrastructure.Problems;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>
/// A protocol request refused with a catalogued OAuth error. The description helps a developer
/// and never contains a secret, a code or a token.
/// </summary>
public sealed record OAuthFailure(ApiError Error, string Description)
{
    public static OAuthFailure InvalidRequest(string description) => new(ErrorCatalog.InvalidRequest, description);

    public static OAuthFailure InvalidClient(string description) => new(ErrorCatalog.InvalidClient, description);

    public static OAuthFailure InvalidGrant(string description) => new(ErrorCatalog.InvalidGrant, description);

    public static OAuthFailure InvalidScope(string description) => new(ErrorCatalog.InvalidScope, description);

    public static OAuthFailure UnauthorizedClient(string description) => new(ErrorCatalog.UnauthorizedClient, description);
}

/// <summary>Writes OAuth JSON answers: <c>error</c>/<c>error_description</c> plus our code, title and trace id.</summary>
public static class OAuthResults
{
    public static IResult Error(HttpContext context, OAuthFailure failure)
    {
        NoStore(context);
        if (failure.Error == ErrorCatalog.InvalidClient && context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"guestaccess\"";
        }

        var english = Language.PrefersEnglish(context.Request);
        return Results.Json(
            new Dictionary<string, object?>
            {
                ["error"] = failure.Error.Code,
                ["error_description"] = failure.Description,
                ["code"] = failure.Error.Code,
                ["title"] = failure.Error.Title(english),
                ["status"] = failure.Error.Status,
                ["type"] = $"https://guestaccess.aarhus.dk/problems/{failure.Error.Code}",
                ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier,
            },
            statusCode: failure.Error.Status);
    }

    public static IResult Json(HttpContext context, object body)
    {
        NoStore(context);
        return Results.Json(body);
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
