using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// One sign-in of one user at one client: the family that every rotated refresh token and
/// every access token issued from it belongs to. Revoking the grant ends them all at once.
/// </summary>
public sealed class TokenGrant(Guid id, string clientId, Guid userId, SpaceList scopes, DateTimeOffset authTime, SpaceList amr, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    public Guid Id { get; private set; } = id;

    public string ClientId { get; private set; } = clientId;

    public Guid UserId { get; private set; } = userId;

    public SpaceList Scopes { get; private set; } = scopes;

    public DateTimeOffset AuthTime { get; private set; } = authTime;

    public SpaceList Amr { get; private set; } = amr;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;

    /// <summary>The absolute end: no refresh token of the family outlives it.</summary>
    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevocationReason { get; private set; }
}

/// <summary>Why a grant was revoked (stored by name).</summary>
public static class RevocationReasons
{
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string AuthorizationCodeReused = "authorization_code_reused";
    public const string RevokedByClient = "revoked_by_client";
}

internal sealed class TokenGrantConfiguration : IEntityTypeConfiguration<TokenGrant>
{
    public void Configure(EntityTypeBuilder<TokenGrant> builder)
    {
        builder.ToTable("token_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.ClientId).HasMaxLength(OAuthClient.MaxIdLength);
        builder.Property(g => g.Scopes).HasConversion(SpaceList.Converter).HasMaxLength(1000);
        builder.Property(g => g.Amr).HasConversion(SpaceList.Converter).HasMaxLength(100);
        builder.Property(g => g.RevocationReason).HasMaxLength(64);
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(g => g.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GuestAccessUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
