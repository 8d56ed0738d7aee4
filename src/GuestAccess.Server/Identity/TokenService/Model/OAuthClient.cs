using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// A registered OAuth client. Public clients (no secret) must use PKCE; confidential clients
/// authenticate with a secret kept only as a hash. A client that acts on its own behalf (client
/// credentials) has a service account whose role assignments say what it may do.
/// </summary>
public sealed class OAuthClient
{
    public const int MaxIdLength = 100;

    public OAuthClient(string id, string displayName, DateTimeOffset createdAt)
    {
        Id = id;
        DisplayName = displayName;
        CreatedAt = createdAt;
    }

    public string Id { get; private set; }

    public string DisplayName { get; set; }

    /// <summary>Null for a public client.</summary>
    public string? SecretHash { get; set; }

    public SpaceList GrantTypes { get; set; } = SpaceList.Empty;

    public SpaceList Scopes { get; set; } = SpaceList.Empty;

    public SpaceList RedirectUris { get; set; } = SpaceList.Empty;

    public SpaceList PostLogoutRedirectUris { get; set; } = SpaceList.Empty;

    public Guid? ServiceAccountId { get; set; }

    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public long Version { get; private set; }

    public bool IsPublic => SecretHash is null;
}

internal sealed class OAuthClientConfiguration : IEntityTypeConfiguration<OAuthClient>
{
    public void Configure(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.ToTable("oauth_clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(OAuthClient.MaxIdLength);
        builder.Property(c => c.DisplayName).HasMaxLength(200);
        builder.Property(c => c.SecretHash).HasMaxLength(200);
        foreach (var list in new[] { nameof(OAuthClient.GrantTypes), nameof(OAuthClient.Scopes), nameof(OAuthClient.RedirectUris), nameof(OAuthClient.PostLogoutRedirectUris) })
        {
            builder.Property<SpaceList>(list).HasConversion(SpaceList.Converter).HasMaxLength(4000);
        }

        builder.HasOne<GuestAccessUser>().WithMany().HasForeignKey(c => c.ServiceAccountId).OnDelete(DeleteBehavior.SetNull);
    }
}
