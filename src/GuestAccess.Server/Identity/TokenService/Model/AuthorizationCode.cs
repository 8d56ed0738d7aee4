using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// An authorization code, stored by the SHA-256 hash of its value, bound to the client, the
/// redirect URI and the PKCE challenge. It can be redeemed once; a second redemption revokes
/// the grant the first one produced (RFC 6749 §4.1.2).
/// </summary>
public sealed class AuthorizationCode(
    string id, string clientId, Guid userId, string redirectUri, SpaceList scopes, string codeChallenge, string? nonce,
    DateTimeOffset authTime, SpaceList amr, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    public string Id { get; private set; } = id;

    public string ClientId { get; private set; } = clientId;

    public Guid UserId { get; private set; } = userId;

    public string RedirectUri { get; private set; } = redirectUri;

    public SpaceList Scopes { get; private set; } = scopes;

    public string CodeChallenge { get; private set; } = codeChallenge;

    public string? Nonce { get; private set; } = nonce;

    public DateTimeOffset AuthTime { get; private set; } = authTime;

    public SpaceList Amr { get; private set; } = amr;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;

    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;

    public DateTimeOffset? RedeemedAt { get; private set; }

    public Guid? GrantId { get; set; }
}

internal sealed class AuthorizationCodeConfiguration : IEntityTypeConfiguration<AuthorizationCode>
{
    public void Configure(EntityTypeBuilder<AuthorizationCode> builder)
    {
        builder.ToTable("authorization_codes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.ClientId).HasMaxLength(OAuthClient.MaxIdLength);
        builder.Property(c => c.RedirectUri).HasMaxLength(2000);
        builder.Property(c => c.Scopes).HasConversion(SpaceList.Converter).HasMaxLength(1000);
        builder.Property(c => c.Amr).HasConversion(SpaceList.Converter).HasMaxLength(100);
        builder.Property(c => c.CodeChallenge).HasMaxLength(128);
        builder.Property(c => c.Nonce).HasMaxLength(512);
        builder.HasIndex(c => c.ExpiresAt);
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GuestAccessUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
