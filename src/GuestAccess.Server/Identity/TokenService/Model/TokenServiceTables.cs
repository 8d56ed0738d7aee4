using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>The token service's tables on <see cref="GuestAccessDb"/>.</summary>
public static class TokenServiceTables
{
    extension(GuestAccessDb db)
    {
        public DbSet<OAuthClient> Clients => db.Set<OAuthClient>();

        public DbSet<SigningKey> SigningKeys => db.Set<SigningKey>();

        public DbSet<TokenGrant> TokenGrants => db.Set<TokenGrant>();

        public DbSet<RefreshToken> RefreshTokens => db.Set<RefreshToken>();

        public DbSet<AuthorizationCode> AuthorizationCodes => db.Set<AuthorizationCode>();

        public DbSet<RevokedAccessToken> RevokedAccessTokens => db.Set<RevokedAccessToken>();

        public DbSet<ProtectedSecret> ProtectedSecrets => db.Set<ProtectedSecret>();
    }
}
