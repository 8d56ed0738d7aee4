using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Grants;

internal sealed class AccessGrantConfiguration : IEntityTypeConfiguration<AccessGrant>
{
    public void Configure(EntityTypeBuilder<AccessGrant> builder)
    {
        builder.ToTable("access_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Reason).HasMaxLength(AccessGrant.MaxReasonLength);
        builder.Property(g => g.RevokeReason).HasMaxLength(AccessGrant.MaxReasonLength);
        builder.Property(g => g.Schedule).HasConversion(s => s == null ? null : WeeklyScheduleJson.Serialize(s), j => j == null ? null : WeeklyScheduleJson.Deserialize(j)).HasMaxLength(4000);
        builder.Ignore(g => g.Validity);
        builder.HasIndex(g => new { g.HolderKind, g.HolderId });
        builder.HasIndex(g => new { g.SiteId, g.Status });
        builder.HasIndex(g => g.BookingId);
        builder.HasIndex(g => new { g.Status, g.ValidUntil });
        builder.HasOne<Site>().WithMany().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(g => g.Doors).WithOne().HasForeignKey(d => d.GrantId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(g => g.Doors).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class GrantDoorConfiguration : IEntityTypeConfiguration<GrantDoor>
{
    public void Configure(EntityTypeBuilder<GrantDoor> builder)
    {
        builder.ToTable("grant_doors");
        builder.HasKey(d => new { d.GrantId, d.DoorId });
        builder.Property(d => d.FailureReason).HasMaxLength(GrantDoor.MaxReasonLength);
        builder.HasIndex(d => new { d.DoorId, d.State });
        builder.HasOne<Door>().WithMany().HasForeignKey(d => d.DoorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GuestConfiguration : IEntityTypeConfiguration<Guest>
{
    public void Configure(EntityTypeBuilder<Guest> builder)
    {
        builder.ToTable("guests");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Phone).HasMaxLength(32);
        builder.Property(g => g.Email).HasMaxLength(254);
        builder.Property(g => g.Organisation).HasMaxLength(200);
        builder.Ignore(g => g.IsAnonymised);
        builder.HasIndex(g => g.SiteId);
        builder.HasOne<Site>().WithMany().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> builder)
    {
        builder.ToTable("credentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Salt).HasMaxLength(64);
        builder.Property(c => c.Hash).HasMaxLength(64);
        builder.HasIndex(c => new { c.GrantId, c.Status });
        builder.HasOne<AccessGrant>().WithMany().HasForeignKey(c => c.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}
