using System.Diagnostics;

namespace GuestAccess.Server.Web.Shell;

/// <summary>Response rules for every web page.</summary>
internal static class WebResponses
{
    /// <summary>
    /// Pages load scripts, styles and images only from this server (no inline script), cannot be
    /// framed, and are never cached: a PIN or provisioning secret shown once must not come back
    /// from a cache.
    /// </summary>
    public static Task SecurityHeadersAsync(HttpContext http, Func<Task> next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next();
    }

    /// <summary>
    /// An exception on a page becomes a 500 that the error page (re-executed by the status code
    /// pages) shows with its trace id; the exception itself is logged, never shown.
    /// </summary>
    public static async Task CatchAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GuestAccess.Server.Web");
            WebLog.PageFailed(logger, exception, http.Request.Method, http.Request.Path, Activity.Current?.Id ?? http.TraceIdentifier);
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }
}
