using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>No repeated parameters; client_id names a registered client (demo clients not in Production).</summary>
public sealed class RequireKnownClient(GuestAccessDb db, IHostEnvironment environment) : IAuthorizeRequestValidator
{
    public async ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken)
    {
        if (context.Parameters.FirstOrDefault(p => p.Value.Length > 1).Key is { } repeated)
        {
            return OAuthFailure.InvalidRequest($"The parameter '{repeated}' is repeated.");
        }

        var id = context.Param("client_id");
        var client = id is null ? null : await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return OAuthFailure.InvalidClient(id is null ? "client_id is required." : "Unknown client.");
        }

        if (client.IsDemo && environment.IsProduction())
        {
            return OAuthFailure.UnauthorizedClient("Demo clients are refused in Production.");
        }

        context.Client = client;
        return null;
    }
}

/// <summary>
/// redirect_uri is required and must be registered, compared exactly — except that a registered
/// loopback URI without a port matches any port (native apps, RFC 8252 §7.3), and that
/// first-party clients register <c>{issuer}/…</c> (our own address, known once we listen).
/// </summary>
public sealed class RequireRegisteredRedirectUri(Issuer issuer) : IAuthorizeRequestValidator
{
    public const string IssuerPlaceholder = "{issuer}";

    public ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken)
    {
        var uri = context.Param("redirect_uri");
        if (uri is null || !context.Client.RedirectUris.Items.Any(r => Matches(Expand(r, issuer), uri)))
        {
            return ValueTask.FromResult<OAuthFailure?>(OAuthFailure.InvalidRequest("redirect_uri is missing or not registered for this client."));
        }

        context.RedirectUri = uri;
        return ValueTask.FromResult<OAuthFailure?>(null);
    }

    public static string Expand(string registered, Issuer issuer) =>
        registered.StartsWith(IssuerPlaceholder, StringComparison.Ordinal) ? issuer.Value + registered[IssuerPlaceholder.Length..] : registered;

    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(registered, UriKind.Absolute, out var r) && Uri.TryCreate(requested, UriKind.Absolute, out var q)
            && r.Scheme == "http" && q.Scheme == "http" && r.IsLoopback && (r.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && r.Host == q.Host && r.IsDefaultPort && !registered.Contains($"{r.Host}:", StringComparison.Ordinal)
            && string.Equals(r.PathAndQuery, q.PathAndQuery, StringComparison.Ordinal) && q.Fragment.Length == 0 && q.UserInfo.Length == 0;
    }
}

/// <summary>response_type=code only (no implicit or hybrid flows), response_mode query only, no request objects.</summary>
public sealed class RequireCodeResponseType : IAuthorizeRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            context.Param("response_type") is not { } type ? OAuthFailure.InvalidRequest("response_type is required.")
            : type != "code" ? new OAuthFailure(ErrorCatalog.UnsupportedResponseType, "Only response_type=code is supported.")
            : context.Param("response_mode") is { } mode && mode != "query" ? OAuthFailure.InvalidRequest("Only response_mode=query is supported.")
            : context.Param("request") is not null || context.Param("request_uri") is not null ? new OAuthFailure(ErrorCatalog.RequestNotSupported, "Request objects are not supported.")
            : !context.Client.GrantTypes.Contains(GrantTypes.AuthorizationCode) ? OAuthFailure.UnauthorizedClient("This client may not use the authorization code flow.")
            : null);
}

/// <summary>Requested scopes must be known and allowed for the client.</summary>
public sealed class ValidateRequestedScopes : IAuthorizeRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken)
    {
        var requested = SpaceList.Parse(context.Param("scope"));
        context.Scopes = requested;
        return ValueTask.FromResult(
            requested.Items.Count == 0 ? OAuthFailure.InvalidScope("scope is required.")
            : !requested.IsSubsetOf(context.Client.Scopes) ? OAuthFailure.InvalidScope($"This client may request: {context.Client.Scopes}.")
            : null);
    }
}

/// <summary>PKCE is required for every client, with S256 only (RFC 7636; "plain" is refused).</summary>
public sealed class RequirePkceS256 : IAuthorizeRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            context.Param("code_challenge") is not { } challenge ? OAuthFailure.InvalidRequest("code_challenge is required (PKCE with S256).")
            : context.Param("code_challenge_method") != "S256" ? OAuthFailure.InvalidRequest("code_challenge_method must be S256; plain is not supported.")
            : !Pkce.IsValidChallenge(challenge) ? OAuthFailure.InvalidRequest("code_challenge must be 43 base64url characters.")
            : null);
}

/// <summary>Keep state and nonce to sane sizes (they are echoed back and stored).</summary>
public sealed class LimitEchoedValues : IAuthorizeRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            context.Param("state") is { Length: > 512 } ? OAuthFailure.InvalidRequest("state is longer than 512 characters.")
            : context.Param("nonce") is { Length: > 512 } ? OAuthFailure.InvalidRequest("nonce is longer than 512 characters.")
            : context.Param("prompt") is { } prompt && !prompt.Split(' ').All(p => p is "none" or "login") ? OAuthFailure.InvalidRequest("prompt may be none or login.")
            : null);
}
