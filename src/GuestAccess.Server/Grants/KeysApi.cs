using System.Security.Cryptography;
using System.Text.Json;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace GuestAccess.Server.Grants;

/// <summary>
/// A citizen's own keys: list, one key with every door's readiness (poll it with If-None-Match,
/// optionally waiting for a change), and a new PIN. Someone else's key is not found (404).
/// </summary>
public static class KeysApi
{
    public const int MaxWaitSeconds = 25;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/v1/keys").WithTags("Keys").RequireCitizen().WithValidation();
        keys.MapGet("/", ListAsync).WithName("ListMyKeys").WithSummary("The caller's keys (active by default; ?show=all)");
        keys.MapGet("/{id:guid}", GetAsync).WithName("GetMyKey")
            .WithSummary("One key with each door's readiness; send If-None-Match (and ?wait=seconds) to poll until it changes");
        keys.MapGet("/{id:guid}/mobile-key", MobileKeyAsync).WithName("GetMobileKey").WithSummary("The key's signed mobile key token (for an app)");
        keys.MapGet("/{id:guid}/mobile-key.png", MobileKeyPngAsync).WithName("GetMobileKeyPng").WithSummary("The mobile key as a QR code (PNG) to show at the door");
        keys.MapGet("/{id:guid}/mobile-key.svg", MobileKeySvgAsync).WithName("GetMobileKeySvg").WithSummary("The mobile key as a QR code (SVG)");
        keys.MapPost("/{id:guid}/pin", ReissuePinAsync).WithName("ReissuePin").RequireRateLimiting(RateLimits.Booking)
            .WithSummary("A new PIN for the key, shown once; the old PIN stops working at the locks");
        return routes;
    }

    private static async Task<Ok<KeyDto[]>> ListAsync([AsParameters] KeyListQuery query, CurrentUser caller, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var mine = HolderKeys.Of(db, caller.RequiredUserId);
        mine = query.All ? mine : mine.Where(g => g.Status == GrantStatus.Active);
        return TypedResults.Ok((await KeyViews.DescribeAsync(db, mine, cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<KeyDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] KeyPollQuery query, CurrentUser caller, GuestAccessDb db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var known = context.Request.Headers.IfNoneMatch.ToString();
        var deadline = clock.GetUtcNow().AddSeconds(query.Wait ?? 0);
        while (true)
        {
            var found = await KeyViews.DescribeAsync(db, HolderKeys.Of(db, caller.RequiredUserId).Where(g => g.Id == id), cancellationToken);
            if (found.Count == 0)
            {
                return ApiProblem.Of(context, ErrorCatalog.KeyNotFound);
            }

            var etag = ETagOf(found[0]);
            if (etag != known || clock.GetUtcNow() >= deadline)
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "no-cache";
                return etag == known ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(found[0]);
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private static async Task<Ok<IssuedPinDto>> ReissuePinAsync(Guid id, CurrentUser caller, HolderKeys keys, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var (grant, pin) = await keys.ReissuePinAsync(caller.RequiredUserId, id, cancellationToken);
        var key = (await KeyViews.DescribeAsync(db, [grant], cancellationToken))[0];
        return TypedResults.Ok(new IssuedPinDto(grant.Id, pin, key));
    }

    private static async Task<Results<Ok<MobileKeyDto>, ProblemHttpResult>> MobileKeyAsync(
        Guid id, CurrentUser caller, GuestAccessDb db, MobileKeys mobileKeys, HttpContext context, CancellationToken cancellationToken) =>
        await WithTokenAsync(id, caller, db, mobileKeys, context, cancellationToken) is { } token
            ? TypedResults.Ok(new MobileKeyDto(id, token))
            : Unavailable(context, await HolderKeys.Of(db, caller.RequiredUserId).AnyAsync(g => g.Id == id, cancellationToken));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MobileKeyPngAsync(
        Guid id, CurrentUser caller, GuestAccessDb db, MobileKeys mobileKeys, HttpContext context, CancellationToken cancellationToken) =>
        await WithTokenAsync(id, caller, db, mobileKeys, context, cancellationToken) is { } token
            ? TypedResults.File(QrCodes.Png(token), "image/png")
            : Unavailable(context, await HolderKeys.Of(db, caller.RequiredUserId).AnyAsync(g => g.Id == id, cancellationToken));

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> MobileKeySvgAsync(
        Guid id, CurrentUser caller, GuestAccessDb db, MobileKeys mobileKeys, HttpContext context, CancellationToken cancellationToken) =>
        await WithTokenAsync(id, caller, db, mobileKeys, context, cancellationToken) is { } token
            ? TypedResults.Text(QrCodes.Svg(token), "image/svg+xml")
            : Unavailable(context, await HolderKeys.Of(db, caller.RequiredUserId).AnyAsync(g => g.Id == id, cancellationToken));

    /// <summary>The caller's key's token, signed now; the answer is never cached (it is a bearer credential).</summary>
    private static async Task<string?> WithTokenAsync(Guid id, CurrentUser caller, GuestAccessDb db, MobileKeys mobileKeys, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var grant = await HolderKeys.Of(db, caller.RequiredUserId).AsNoTracking().Include(g => g.Doors).SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        return grant is null ? null : await mobileKeys.TokenAsync(db, grant, cancellationToken);
    }

    private static ProblemHttpResult Unavailable(HttpContext context, bool exists) =>
        exists
            ? ApiProblem.Of(context, ErrorCatalog.MobileKeyUnavailable, "The key is no longer active, or none of its doors has a lock.")
            : ApiProblem.Of(context, ErrorCatalog.KeyNotFound);

    /// <summary>A strong validator of everything the key view shows (status, window, each door's state).</summary>
    public static string ETagOf(KeyDto key) =>
        new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(key)))[..32] + "\"").ToString();
}

/// <summary>Query of <c>GET /api/v1/keys</c>: <c>active</c> (default) or <c>all</c>.</summary>
public sealed record KeyListQuery(string? Show) : IValidatable
{
    public bool All => string.Equals(Show, "all", StringComparison.OrdinalIgnoreCase);

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Show is not null && !All && !string.Equals(Show, "active", StringComparison.OrdinalIgnoreCase), "show", "show is 'active' or 'all'.")
        .ToDictionary();
}

/// <summary>Query of <c>GET /api/v1/keys/{id}</c>: with If-None-Match, wait up to this many seconds for a change.</summary>
public sealed record KeyPollQuery(int? Wait) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Wait is < 0 or > KeysApi.MaxWaitSeconds, "wait", $"wait is 0-{KeysApi.MaxWaitSeconds} seconds.")
        .ToDictionary();
}
