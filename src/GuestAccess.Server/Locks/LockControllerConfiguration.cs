using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Locks;
using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Locks;

internal sealed class LockControllerConfiguration : IEntityTypeConfiguration<LockController>
{
    public void Configure(EntityTypeBuilder<LockController> builder)
    {
        builder.ToTable("lock_controllers");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.DeviceId).HasMaxLength(Slug.MaxLength);
        builder.HasIndex(l => l.DeviceId).IsUnique();
        builder.HasIndex(l => l.DoorId).IsUnique();
        builder.Property(l => l.FirmwareVersion).HasMaxLength(64);
        builder.Ignore(l => l.IsInSync);
        builder.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Door>().WithMany().HasForeignKey(l => l.DoorId).OnDelete(DeleteBehavior.Restrict);
    }
}
