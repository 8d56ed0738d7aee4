using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Locks;
using GuestAccess.Server.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Entries;

internal sealed class EntryEventConfiguration : IEntityTypeConfiguration<EntryEvent>
{
    public void Configure(EntityTypeBuilder<EntryEvent> builder)
    {
        // Written only by the ingestion pipeline (raw SQL, with its audit record); EF reads it.
        builder.ToTable("entry_events");
        builder.HasKey(e => e.AuditSequence);
        builder.Property(e => e.AuditSequence).ValueGeneratedNever();
        builder.Property(e => e.Details).HasMaxLength(AuditLimits.DataLength);
        builder.HasIndex(e => new { e.LockId, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.SiteId, e.OccurredAt });
        builder.HasIndex(e => new { e.DoorId, e.OccurredAt });
        builder.HasOne<LockController>().WithMany().HasForeignKey(e => e.LockId).OnDelete(DeleteBehavior.Restrict);
    }
}
