using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>An access token (by its jti) revoked before it expires (RFC 7009); kept until it would have expired.</summary>
public sealed class RevokedAccessToken(string id, DateTimeOffset expiresAt)
{
    public string Id { get; private set; } = id;

    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;
}

/// <summary>A server secret (such as the pseudonym key) stored only as Data Protection ciphertext.</summary>
public sealed class ProtectedSecret(string id, string protectedValue, DateTimeOffset createdAt)
{
    public string Id { get; private set; } = id;

    public string ProtectedValue { get; private set; } = protectedValue;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;
}

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> builder)
    {
        builder.ToTable("revoked_access_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.HasIndex(t => t.ExpiresAt);
    }
}

internal sealed class ProtectedSecretConfiguration : IEntityTypeConfiguration<ProtectedSecret>
{
    public void Configure(EntityTypeBuilder<ProtectedSecret> builder)
    {
        builder.ToTable("protected_secrets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.ProtectedValue).HasMaxLength(4000);
    }
}
