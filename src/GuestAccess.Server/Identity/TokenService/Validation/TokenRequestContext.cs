using GuestAccess.Server.Identity.TokenService.Model;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>A token request as the validators see it, filled in as they go.</summary>
public sealed class TokenRequestContext(HttpContext http, IFormCollection form)
{
    public HttpContext Http { get; } = http;

    public IFormCollection Form { get; } = form;

    public string GrantType => Param("grant_type") ?? string.Empty;

    /// <summary>The authenticated client (set by <see cref="AuthenticateClient"/>).</summary>
    public OAuthClient Client { get; set; } = null!;

    /// <summary>The scopes the tokens will carry.</summary>
    public SpaceList Scopes { get; set; } = SpaceList.Empty;

    /// <summary>The redeemed code (authorization_code grant).</summary>
    public AuthorizationCode? Code { get; set; }

    /// <summary>The grant whose refresh token was redeemed (refresh_token grant).</summary>
    public TokenGrant? Grant { get; set; }

    /// <summary>The user the tokens are for (code and refresh grants).</summary>
    public GuestAccessUser? User { get; set; }

    public string? Param(string name) => Form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}

/// <summary>One step of the token endpoint's pipeline: returns a failure, or null to go on.</summary>
public interface ITokenRequestValidator
{
    ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken);
}
