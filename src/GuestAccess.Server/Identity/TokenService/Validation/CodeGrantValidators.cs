using System.Security.Cryptography;
using System.Text;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>
/// Redeems the authorization code exactly once (an atomic update). A second redemption is an
/// attack or a bug: it is refused and the grant the first redemption produced is revoked.
/// </summary>
public sealed class RedeemAuthorizationCode(GuestAccessDb db, GrantFamilies grants, TimeProvider clock) : ITokenRequestValidator
{
    public async ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        if (context.GrantType != GrantTypes.AuthorizationCode)
        {
            return null;
        }

        if (context.Param("code") is not { } code)
        {
            return OAuthFailure.InvalidRequest("code is required.");
        }

        var hash = OpaqueToken.HashOf(code);
        var now = clock.GetUtcNow();
        var redeemed = await db.AuthorizationCodes.Where(c => c.Id == hash && c.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now), cancellationToken);
        var found = await db.AuthorizationCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Id == hash, cancellationToken);
        if (found is null || found.ClientId != context.Client.Id)
        {
            return OAuthFailure.InvalidGrant("The authorization code is unknown or was issued to another client.");
        }

        if (redeemed == 0)
        {
            if (found.GrantId is { } grantId)
            {
                await grants.RevokeAsync(grantId, RevocationReasons.AuthorizationCodeReused, cancellationToken);
            }

            return OAuthFailure.InvalidGrant("The authorization code was already used; tokens issued from it are revoked.");
        }

        if (found.ExpiresAt <= now)
        {
            return OAuthFailure.InvalidGrant("The authorization code has expired.");
        }

        context.Code = found;
        context.Scopes = found.Scopes;
        return null;
    }
}

/// <summary>redirect_uri must be exactly the one the code was issued for (RFC 6749 §4.1.3).</summary>
public sealed class RequireSameRedirectUri : ITokenRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Code is { } code && context.Param("redirect_uri") != code.RedirectUri
            ? OAuthFailure.InvalidGrant("redirect_uri does not match the authorization request.")
            : null);
}

/// <summary>PKCE (RFC 7636, S256 only): BASE64URL(SHA256(code_verifier)) must equal the code_challenge.</summary>
public sealed class VerifyPkce : ITokenRequestValidator
{
    public ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        if (context.Code is not { } code)
        {
            return ValueTask.FromResult<OAuthFailure?>(null);
        }

        var verifier = context.Param("code_verifier");
        if (verifier is null || !Pkce.IsValidVerifier(verifier))
        {
            return ValueTask.FromResult<OAuthFailure?>(OAuthFailure.InvalidGrant("code_verifier is missing or malformed (43-128 characters of A-Z a-z 0-9 - . _ ~)."));
        }

        var expected = Encoding.ASCII.GetBytes(Pkce.ChallengeOf(verifier));
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(code.CodeChallenge))
            ? null
            : OAuthFailure.InvalidGrant("code_verifier does not match the code_challenge."));
    }
}

/// <summary>PKCE helpers (RFC 7636).</summary>
public static class Pkce
{
    public static bool IsValidVerifier(string value) => value.Length is >= 43 and <= 128 && value.All(IsUnreserved);

    /// <summary>An S256 challenge is a base64url SHA-256: exactly 43 characters.</summary>
    public static bool IsValidChallenge(string value) => value.Length == 43 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string ChallengeOf(string verifier) => Base64UrlOf(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64UrlOf(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
