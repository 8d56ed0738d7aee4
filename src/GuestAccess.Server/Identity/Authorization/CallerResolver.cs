using System.Security.Claims;
using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>
/// Turns a validated token into the request's <see cref="CurrentUser"/>. Our own tokens must not
/// be revoked (by jti or grant) and must name an account that may still be used; tokens of an
/// external authority are linked to a local account through user_logins (provider
/// <c>oidc:{issuer}</c>, key = sub), and an unlinked subject is authenticated but has no roles.
/// </summary>
public sealed class CallerResolver(GuestAccessDb db, CurrentUser caller, Issuer ownIssuer, AccountPolicy accounts, TimeProvider clock)
{
    public static string ExternalLoginProvider(string issuer) => $"oidc:{issuer}";

    /// <summary>Fills in <see cref="CurrentUser"/>; returns a reason when the token must be refused.</summary>
    public async Task<string?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var issuer = principal.FindFirst("iss")?.Value ?? string.Empty;
        var subject = principal.FindFirst("sub")?.Value;
        var scopes = SpaceList.Of(principal.FindAll(TokenClaims.Scope).Concat(principal.FindAll("scp")).SelectMany(c => c.Value.Split(' ')));
        caller.SetAuthenticated(issuer, issuer == ownIssuer.Value, principal.FindFirst(TokenClaims.ClientId)?.Value ?? principal.FindFirst("azp")?.Value, scopes);
        if (subject is null)
        {
            return "The token has no subject.";
        }

        // Up to four short queries: one connection for all of them (opening one per query took the
        // pool's lock four times per request), given back before the endpoint runs.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ResolveAccountAsync(principal, issuer, subject, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<string?> ResolveAccountAsync(ClaimsPrincipal principal, string issuer, string subject, CancellationToken cancellationToken)
    {
        Guid? userId;
        if (issuer == ownIssuer.Value)
        {
            if (await IsRevokedAsync(principal, cancellationToken) is { } revoked)
            {
                return revoked;
            }

            userId = Guid.TryParse(subject, out var id) ? id : null;
        }
        else
        {
            var provider = ExternalLoginProvider(issuer);
            userId = await db.UserLogins.Where(l => l.LoginProvider == provider && l.ProviderKey == subject).Select(l => (Guid?)l.UserId).SingleOrDefaultAsync(cancellationToken);
        }

        if (userId is null)
        {
            // A client without a service account is itself the subject; an unlinked external subject has no roles.
            return issuer != ownIssuer.Value || subject == caller.ClientId ? null : "Unknown subject.";
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.Kind, u.DisplayName, u.IsDemo }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return "The account no longer exists.";
        }

        if (accounts.RefusesDemo(user.IsDemo))
        {
            return "Demo accounts are refused in Production.";
        }

        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == user.Id).Select(r => new RoleGrant(r.Role, r.SiteId)).ToListAsync(cancellationToken);
        caller.SetAccount(user.Id, user.Kind, user.DisplayName, roles);
        return null;
    }

    private async Task<string?> IsRevokedAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var jti = principal.FindFirst("jti")?.Value;
        if (jti is not null && await db.RevokedAccessTokens.AnyAsync(r => r.Id == jti, cancellationToken))
        {
            return "The access token was revoked.";
        }

        if (principal.FindFirst(TokenClaims.GrantId)?.Value is { } grant)
        {
            var now = clock.GetUtcNow();
            var live = Guid.TryParse(grant, out var grantId) && await db.TokenGrants.AnyAsync(g => g.Id == grantId && g.RevokedAt == null && g.ExpiresAt > now, cancellationToken);
            return live ? null : "The sign-in this token belongs to was revoked.";
        }

        return null;
    }
}
