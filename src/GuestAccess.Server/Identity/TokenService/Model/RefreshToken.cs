using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// One refresh token of a <see cref="TokenGrant"/>, stored by the SHA-256 hash of its value.
/// It is consumed by one refresh (rotation); presenting it again revokes the whole grant.
/// </summary>
public sealed class RefreshToken(string id, Guid grantId, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    /// <summary>The hash of the token value (the value itself is never stored).</summary>
    public string Id { get; private set; } = id;

    public Guid GrantId { get; private set; } = grantId;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;

    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;

    public DateTimeOffset? ConsumedAt { get; private set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.HasOne<TokenGrant>().WithMany().HasForeignKey(t => t.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}
