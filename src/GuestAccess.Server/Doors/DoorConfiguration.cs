using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Doors;

internal sealed class DoorConfiguration : IEntityTypeConfiguration<Door>
{
    public void Configure(EntityTypeBuilder<Door> builder)
    {
        builder.ToTable("doors");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Slug).HasMaxLength(Slug.MaxLength);
        builder.HasIndex(d => d.Slug).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(Names.MaxLength);
        builder.HasOne<Site>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
