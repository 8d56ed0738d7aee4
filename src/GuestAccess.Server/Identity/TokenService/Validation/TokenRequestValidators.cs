using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Infrastructure.Problems;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>Every parameter at most once (RFC 6749 §3.2), grant_type present and supported.</summary>
public sealed class RequireGrantType : ITokenRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var repeated = context.Form.FirstOrDefault(p => p.Value.Count > 1).Key;
        OAuthFailure? failure = repeated is not null ? OAuthFailure.InvalidRequest($"The parameter '{repeated}' is repeated.")
            : context.Param("grant_type") is null ? OAuthFailure.InvalidRequest("grant_type is required.")
            : !GrantTypes.All.Contains(context.GrantType) ? new OAuthFailure(ErrorCatalog.UnsupportedGrantType, $"Supported grant types: {string.Join(", ", GrantTypes.All)}.")
            : null;
        return ValueTask.FromResult(failure);
    }
}

/// <summary>The client authenticates (or, if public, names itself).</summary>
public sealed class AuthenticateClient(ClientAuthentication authentication) : ITokenRequestValidator
{
    public async ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var (client, failure) = await authentication.AuthenticateAsync(context.Http, context.Form, cancellationToken);
        if (client is not null)
        {
            context.Client = client;
        }

        return failure;
    }
}

/// <summary>The client is registered for this grant type; client credentials need a confidential client.</summary>
public sealed class RequireGrantAllowedForClient : ITokenRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            !context.Client.GrantTypes.Contains(context.GrantType) ? OAuthFailure.UnauthorizedClient($"This client may not use {context.GrantType}.")
            : context.GrantType == GrantTypes.ClientCredentials && context.Client.IsPublic ? OAuthFailure.UnauthorizedClient("Client credentials need a confidential client.")
            : null);
}

/// <summary>Client credentials: the requested scopes (default: all the client's) must be allowed, and never user scopes.</summary>
public sealed class ValidateClientCredentialsScope : ITokenRequestValidator
{
    private static readonly SpaceList UserScopes = SpaceList.Of([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess]);

    public ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        if (context.GrantType != GrantTypes.ClientCredentials)
        {
            return ValueTask.FromResult<OAuthFailure?>(null);
        }

        var allowed = SpaceList.Of(context.Client.Scopes.Items.Where(s => !UserScopes.Contains(s)));
        var requested = context.Param("scope") is { } scope ? SpaceList.Parse(scope) : allowed;
        context.Scopes = requested;
        return ValueTask.FromResult(requested.IsSubsetOf(allowed) && requested.Items.Count > 0
            ? null
            : OAuthFailure.InvalidScope($"This client may request: {allowed}."));
    }
}
