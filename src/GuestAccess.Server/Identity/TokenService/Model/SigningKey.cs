using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// An ES256 token-signing key. The private key is stored only as Data Protection ciphertext.
/// A key is published in JWKS from creation until <see cref="ExpiresAt"/>, signs tokens from
/// <see cref="ActivatesAt"/> until <see cref="RetiresAt"/>, and stays published after that
/// until every token it signed has expired.
/// </summary>
public sealed class SigningKey(string id, string algorithm, string protectedPrivateKey, string publicJwk, DateTimeOffset createdAt, DateTimeOffset activatesAt, DateTimeOffset retiresAt, DateTimeOffset expiresAt)
{
    public string Id { get; private set; } = id;

    public string Algorithm { get; private set; } = algorithm;

    public string ProtectedPrivateKey { get; private set; } = protectedPrivateKey;

    public string PublicJwk { get; private set; } = publicJwk;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;

    public DateTimeOffset ActivatesAt { get; private set; } = activatesAt;

    public DateTimeOffset RetiresAt { get; private set; } = retiresAt;

    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("signing_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Algorithm).HasMaxLength(16);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(4000);
        builder.Property(k => k.PublicJwk).HasMaxLength(1000);
        builder.HasIndex(k => k.ExpiresAt);
    }
}
