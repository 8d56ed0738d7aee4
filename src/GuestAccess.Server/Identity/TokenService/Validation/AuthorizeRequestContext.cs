using GuestAccess.Server.Identity.TokenService.Model;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>An authorization request (query or form) as the validators see it.</summary>
public sealed class AuthorizeRequestContext(HttpContext http, IReadOnlyDictionary<string, string[]> parameters)
{
    public HttpContext Http { get; } = http;

    public IReadOnlyDictionary<string, string[]> Parameters { get; } = parameters;

    public OAuthClient Client { get; set; } = null!;

    /// <summary>Set once the redirect URI is trusted: from then on errors go back to the client.</summary>
    public string? RedirectUri { get; set; }

    public SpaceList Scopes { get; set; } = SpaceList.Empty;

    public string? State => Param("state");

    public string? Param(string name) => Parameters.TryGetValue(name, out var values) && values.Length == 1 && values[0].Length > 0 ? values[0] : null;
}

/// <summary>
/// One step of the authorization endpoint's pipeline. Until the client and redirect URI are
/// trusted, failures are shown to the user; after that they are redirected to the client.
/// </summary>
public interface IAuthorizeRequestValidator
{
    ValueTask<OAuthFailure?> ValidateAsync(AuthorizeRequestContext context, CancellationToken cancellationToken);
}
