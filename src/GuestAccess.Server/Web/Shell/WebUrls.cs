namespace GuestAccess.Server.Web.Shell;

/// <summary>Where the web UI lives and which return addresses it follows (same-site paths only: no open redirects).</summary>
public static class WebUrls
{
    /// <summary>Paths that belong to the API, the token service and the platform, not to the web UI's pages.</summary>
    private static readonly PathString[] NotPages = ["/api", "/connect", "/.well-known", "/health", "/openapi", "/account", "/signin-upstream", "/lib", "/css", "/js"];

    /// <summary>True for a web page (and for unknown paths, which get the web UI's 404 page).</summary>
    public static bool IsPage(HttpContext http) => !NotPages.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A same-site path to return to, or the front page.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 and <= 2000 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains("://", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : "/";

    /// <summary>The current page (path and query), to come back to after signing in or switching language.</summary>
    public static string Current(HttpRequest request) => $"{request.PathBase}{request.Path}{request.QueryString}";
}
