using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Bookings;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder)
    {
        builder.ToTable("bookings");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.IdempotencyKey).HasMaxLength(Booking.MaxIdempotencyKeyLength);
        builder.Property(b => b.IdempotencyFingerprint).HasMaxLength(64);
        builder.Ignore(b => b.Interval);
        builder.HasIndex(b => new { b.RoomId, b.Start });
        builder.HasIndex(b => new { b.CitizenId, b.Status });
        builder.HasIndex(b => new { b.CitizenId, b.IdempotencyKey }).IsUnique();
        builder.HasOne<Site>().WithMany().HasForeignKey(b => b.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Room>().WithMany().HasForeignKey(b => b.RoomId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<GuestAccessUser>().WithMany().HasForeignKey(b => b.CitizenId).OnDelete(DeleteBehavior.Restrict);
    }
}
