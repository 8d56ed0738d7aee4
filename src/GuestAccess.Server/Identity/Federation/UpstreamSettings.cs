using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Federation;

/// <summary>What an upstream provider's users become here.</summary>
public enum UpstreamKind
{
    /// <summary>MitID through NemLog-in or a broker: people are provisioned as citizens under a pseudonymous subject.</summary>
    Citizen,

    /// <summary>Entra ID (or another workforce directory): only accounts an administrator created may sign in.</summary>
    Staff,
}

/// <summary>One upstream OpenID Connect provider (section <c>Identity:Upstream:{name}</c>).</summary>
public sealed class UpstreamProvider
{
    public string Authority { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    public string? ClientSecret { get; set; }

    public string Scopes { get; set; } = "openid";

    public UpstreamKind Kind { get; set; } = UpstreamKind.Citizen;

    /// <summary>The button text on the sign-in page; defaults to the provider's name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Staff providers: the claim matched against a local account's e-mail on first sign-in.</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>Citizen providers: the claim with the display name (never stored as anything but a name).</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Citizen providers: the claim with the date of birth (yyyy-MM-dd), kept for the sites' minimum age.</summary>
    public string? BirthdateClaim { get; set; } = "birthdate";

    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>Federation (section <c>Identity</c>: <c>Upstream</c> and <c>PseudonymKey</c>).</summary>
public sealed class FederationSettings
{
    public Dictionary<string, UpstreamProvider> Upstream { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Base64 key (32+ bytes) for pseudonymous subjects; default: generated once and kept protected in the database.</summary>
    public string? PseudonymKey { get; set; }
}

internal sealed class FederationSettingsValidator : IValidateOptions<FederationSettings>
{
    public ValidateOptionsResult Validate(string? name, FederationSettings o)
    {
        var errors = new List<string>();
        foreach (var (provider, p) in o.Upstream)
        {
            if (!provider.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || provider.Length > 40)
            {
                errors.Add($"Identity:Upstream:{provider}: the name may use letters, digits and '-' only.");
            }

            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out _))
            {
                errors.Add($"Identity:Upstream:{provider}:Authority must be an absolute URL.");
            }

            if (string.IsNullOrWhiteSpace(p.ClientId))
            {
                errors.Add($"Identity:Upstream:{provider}:ClientId is required.");
            }

            if (!p.Scopes.Split(' ').Contains("openid"))
            {
                errors.Add($"Identity:Upstream:{provider}:Scopes must include openid.");
            }
        }

        if (o.PseudonymKey is { } key && !(TryDecode(key, out var bytes) && bytes.Length >= 32))
        {
            errors.Add("Identity:PseudonymKey must be base64 of at least 32 bytes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool TryDecode(string value, out byte[] bytes)
    {
        bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var written) && (bytes = bytes[..written]).Length > 0;
    }
}
