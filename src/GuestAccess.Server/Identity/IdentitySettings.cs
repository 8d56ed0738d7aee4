using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity;

/// <summary>The built-in token service and sign-in (section <c>Identity</c>).</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>The issuer URL (no trailing slash). Default: the first address the server listens on.</summary>
    public string? Issuer { get; set; }

    /// <summary>Staff must use an authenticator app (TOTP). Default: true in Production, false elsewhere.</summary>
    public bool? RequireTotpForStaff { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A refresh token unused this long expires (each refresh issues a new one).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>No refresh token of a sign-in outlives this, however often it is rotated.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The sign-in session at the token service (its cookie).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long one signing key signs before the next takes over.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before it signs a new key is published in JWKS (so caches have it).</summary>
    public TimeSpan SigningKeyAnnouncement { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan SigningKeyCheckInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>
    /// A PKCS#12 file with an RSA certificate and its private key that encrypts the Data Protection
    /// key ring at rest (the key ring protects the token signing keys and the pseudonym key).
    /// Unset: the key ring is stored unencrypted and Data Protection logs a warning.
    /// </summary>
    public string? KeyRingCertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password (give it through the environment, never in a file in the repository).</summary>
    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>How long a retired key stays published: until every token it signed has expired.</summary>
    public TimeSpan SigningKeyRetention => (AccessTokenLifetime > IdTokenLifetime ? AccessTokenLifetime : IdTokenLifetime) + ClockSkew;

    public bool TotpRequiredForStaff(IHostEnvironment environment) => RequireTotpForStaff ?? environment.IsProduction();
}

/// <summary>Requests per window and partition (client address, or the signed-in user for bookings).</summary>
public sealed class RateLimitSettings
{
    public RateLimit Login { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    public RateLimit Token { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    public RateLimit Booking { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
}

public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

internal sealed class IdentitySettingsValidator : IValidateOptions<IdentitySettings>
{
    public ValidateOptionsResult Validate(string? name, IdentitySettings o)
    {
        var errors = new List<string>();
        if (o.Issuer is { } issuer && (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || issuer.EndsWith('/') || uri.Query.Length > 0))
        {
            errors.Add($"Identity:Issuer '{issuer}' must be an absolute http(s) URL without a trailing slash or query.");
        }

        Positive(errors, "AccessTokenLifetime", o.AccessTokenLifetime);
        Positive(errors, "IdTokenLifetime", o.IdTokenLifetime);
        Positive(errors, "AuthorizationCodeLifetime", o.AuthorizationCodeLifetime);
        Positive(errors, "RefreshTokenLifetime", o.RefreshTokenLifetime);
        Positive(errors, "SessionLifetime", o.SessionLifetime);
        Positive(errors, "SigningKeyCheckInterval", o.SigningKeyCheckInterval);
        if (o.RefreshTokenAbsoluteLifetime < o.RefreshTokenLifetime)
        {
            errors.Add("Identity:RefreshTokenAbsoluteLifetime must not be shorter than Identity:RefreshTokenLifetime.");
        }

        if (o.SigningKeyLifetime <= o.SigningKeyAnnouncement || o.SigningKeyAnnouncement < TimeSpan.Zero)
        {
            errors.Add("Identity:SigningKeyLifetime must be longer than Identity:SigningKeyAnnouncement (and the announcement not negative).");
        }

        if (o.KeyRingCertificatePath is { Length: > 0 } path && KeyRingCertificate.Problem(path, o.KeyRingCertificatePassword) is { } problem)
        {
            errors.Add($"Identity:KeyRingCertificatePath '{path}': {problem}");
        }

        foreach (var (limitName, limit) in new[] { ("Login", o.RateLimits.Login), ("Token", o.RateLimits.Token), ("Booking", o.RateLimits.Booking) })
        {
            if (limit.PermitLimit < 1 || limit.Window <= TimeSpan.Zero)
            {
                errors.Add($"Identity:RateLimits:{limitName} needs a PermitLimit of at least 1 and a positive Window.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Identity:{name} must be positive.");
        }
    }
}
