using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>
/// Which issuer the API trusts (section <c>Authentication</c>). Empty Authority: our own token
/// service, validated in-process against its key ring. Set it to any OIDC issuer (Duende,
/// Keycloak, Entra ID) and the API validates that issuer's tokens through its discovery document.
/// </summary>
public sealed class ApiAuthenticationSettings
{
    public const string Section = "Authentication";

    /// <summary>The audience our own token service puts in access tokens for this API.</summary>
    public const string DefaultAudience = "guestaccess-api";

    public string? Authority { get; set; }

    public string Audience { get; set; } = DefaultAudience;

    /// <summary>Signing algorithms accepted from an external authority (ours signs only ES256).</summary>
    public string[] Algorithms { get; set; } = ["ES256"];

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>With an external authority: the web UI's client registered there (default guestaccess-web).</summary>
    public string? WebClientId { get; set; }

    public string? WebClientSecret { get; set; }

    public bool UsesExternalAuthority => !string.IsNullOrWhiteSpace(Authority);
}

internal sealed class ApiAuthenticationSettingsValidator : IValidateOptions<ApiAuthenticationSettings>
{
    private static readonly string[] Asymmetric = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

    public ValidateOptionsResult Validate(string? name, ApiAuthenticationSettings o)
    {
        if (o.UsesExternalAuthority && !Uri.TryCreate(o.Authority, UriKind.Absolute, out _))
        {
            return ValidateOptionsResult.Fail($"Authentication:Authority '{o.Authority}' is not an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(o.Audience))
        {
            return ValidateOptionsResult.Fail("Authentication:Audience must not be empty.");
        }

        var bad = o.Algorithms.Where(a => !Asymmetric.Contains(a, StringComparer.Ordinal)).ToArray();
        return bad.Length > 0 || o.Algorithms.Length == 0
            ? ValidateOptionsResult.Fail($"Authentication:Algorithms may list only asymmetric JWS algorithms ({string.Join(", ", Asymmetric)}); refused: {string.Join(", ", bad)}.")
            : ValidateOptionsResult.Success;
    }
}
