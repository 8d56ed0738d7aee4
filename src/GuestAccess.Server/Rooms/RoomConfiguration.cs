using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Rooms;

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> builder)
    {
        builder.ToTable("rooms");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Slug).HasMaxLength(Slug.MaxLength);
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(Names.MaxLength);
        builder.ComplexProperty(r => r.Rules);
        builder.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Doors).WithOne().HasForeignKey(d => d.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Doors).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RoomDoorConfiguration : IEntityTypeConfiguration<RoomDoor>
{
    public void Configure(EntityTypeBuilder<RoomDoor> builder)
    {
        builder.ToTable("room_doors");
        builder.HasKey(d => new { d.RoomId, d.DoorId });
        builder.HasOne<Door>().WithMany().HasForeignKey(d => d.DoorId).OnDelete(DeleteBehavior.Restrict);
    }
}
