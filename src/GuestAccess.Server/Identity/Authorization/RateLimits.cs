using System.Globalization;
using System.Threading.RateLimiting;
using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Infrastructure.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>
/// Rate limits (fixed windows, settings in <c>Identity:RateLimits</c>): sign-in pages and the
/// token endpoints per client address; bookings per signed-in user. A refused request gets 429
/// with problem details (code <c>rate_limited</c>) and Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Token = "token";

    /// <summary>For the booking endpoints: <c>group.RequireRateLimiting(RateLimits.Booking)</c>.</summary>
    public const string Booking = "booking";

    public static void Configure(RateLimiterOptions options, IdentitySettings settings)
    {
        options.AddPolicy(Login, http => Window(settings.RateLimits.Login, "login:" + Address(http)));
        options.AddPolicy(Token, http => Window(settings.RateLimits.Token, "token:" + Address(http)));
        options.AddPolicy(Booking, http =>
        {
            var caller = http.RequestServices.GetRequiredService<CurrentUser>();
            return Window(settings.RateLimits.Booking, "booking:" + (caller.UserId?.ToString() ?? Address(http)));
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var result = http.Request.Path.StartsWithSegments("/account")
                ? AccountPages.Error(http.Request, PageLanguage.Of(http.Request, http.Request.Query["lang"].ToString()), ErrorCatalog.RateLimited.Code,
                    ErrorCatalog.RateLimited.Title(PageLanguage.Of(http.Request, http.Request.Query["lang"].ToString()).English), string.Empty, StatusCodes.Status429TooManyRequests)
                : ApiProblem.Of(http, ErrorCatalog.RateLimited, $"Try again in {(int)Math.Ceiling(retry.TotalSeconds)} s.");
            await result.ExecuteAsync(http);
        };
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Window(RateLimit limit, string key) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
