using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>
/// Redeems a refresh token (rotation): it must belong to this client and a live grant, and be
/// unused. A used token presented again means it leaked: the whole grant (family) is revoked.
/// </summary>
public sealed class RedeemRefreshToken(GuestAccessDb db, GrantFamilies grants, TimeProvider clock) : ITokenRequestValidator
{
    public async ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        if (context.GrantType != GrantTypes.RefreshToken)
        {
            return null;
        }

        if (context.Param("refresh_token") is not { } value)
        {
            return OAuthFailure.InvalidRequest("refresh_token is required.");
        }

        var hash = OpaqueToken.HashOf(value);
        var now = clock.GetUtcNow();
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == hash, cancellationToken);
        var grant = token is null ? null : await db.TokenGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == token.GrantId, cancellationToken);
        if (token is null || grant is null || grant.ClientId != context.Client.Id)
        {
            return OAuthFailure.InvalidGrant("The refresh token is unknown or was issued to another client.");
        }

        if (grant.RevokedAt is not null)
        {
            return OAuthFailure.InvalidGrant("The refresh token has been revoked.");
        }

        var consumed = await db.RefreshTokens.Where(t => t.Id == hash && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        if (consumed == 0)
        {
            await grants.RevokeAsync(grant.Id, RevocationReasons.RefreshTokenReused, cancellationToken);
            return OAuthFailure.InvalidGrant("The refresh token was already used; every token of this sign-in is revoked.");
        }

        if (token.ExpiresAt <= now || grant.ExpiresAt <= now)
        {
            return OAuthFailure.InvalidGrant("The refresh token has expired.");
        }

        context.Grant = grant;
        var requested = context.Param("scope") is { } scope ? SpaceList.Parse(scope) : grant.Scopes;
        if (!requested.IsSubsetOf(grant.Scopes))
        {
            return OAuthFailure.InvalidScope("A refresh may narrow the scopes but never widen them.");
        }

        context.Scopes = requested;
        return null;
    }
}

/// <summary>The user behind a code or refresh token may still sign in (exists, a person, not a demo account in Production).</summary>
public sealed class RequireActiveUser(AccountPolicy accounts) : ITokenRequestValidator
{
    public async ValueTask<OAuthFailure?> ValidateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var userId = context.Code?.UserId ?? context.Grant?.UserId;
        if (userId is not { } id)
        {
            return null;
        }

        var user = await accounts.FindActiveAsync(id, cancellationToken);
        if (user is null)
        {
            return OAuthFailure.InvalidGrant("The account can no longer sign in.");
        }

        context.User = user;
        return null;
    }
}
