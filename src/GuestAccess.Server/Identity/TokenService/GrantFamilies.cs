using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>Refresh-token families: start one, rotate within it, revoke it as a whole.</summary>
public sealed partial class GrantFamilies(GuestAccessDb db, TimeProvider clock, IOptions<IdentitySettings> settings, ILogger<GrantFamilies> logger)
{
    public async Task<TokenGrant> StartAsync(string clientId, Guid userId, SpaceList scopes, DateTimeOffset authTime, SpaceList amr, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grant = new TokenGrant(Guid.NewGuid(), clientId, userId, scopes, authTime, amr, now, now + settings.Value.RefreshTokenAbsoluteLifetime);
        db.TokenGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    /// <summary>A new refresh token of the grant; the value is returned once and stored only as a hash.</summary>
    public async Task<string> IssueRefreshTokenAsync(TokenGrant grant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var value = OpaqueToken.New();
        var expires = now + settings.Value.RefreshTokenLifetime;
        db.RefreshTokens.Add(new RefreshToken(OpaqueToken.HashOf(value), grant.Id, now, expires < grant.ExpiresAt ? expires : grant.ExpiresAt));
        await db.SaveChangesAsync(cancellationToken);
        return value;
    }

    public async Task RevokeAsync(Guid grantId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var revoked = await db.TokenGrants.Where(g => g.Id == grantId && g.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, now).SetProperty(g => g.RevocationReason, reason), cancellationToken);
        if (revoked > 0)
        {
            LogGrantRevoked(logger, grantId, reason);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Token grant {GrantId} revoked ({Reason}): every refresh and access token of it is now refused")]
    private static partial void LogGrantRevoked(ILogger logger, Guid grantId, string reason);
}
