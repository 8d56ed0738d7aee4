namespace GuestAccess.Server.Identity.Accounts;

/// <summary>Only same-site paths are followed after a sign-in (no open redirects).</summary>
public static class LocalUrl
{
    public const string AccountHome = "/account";

    public static string OrHome(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Contains("://", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : url == "/" ? url : AccountHome;

    /// <summary>303 See Other: the browser follows with a GET.</summary>
    public static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
