using GuestAccess.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Audit;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        // No foreign keys: the log must outlive whatever it mentions.
        builder.ToTable("audit_records");
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Subject).HasMaxLength(100);
        builder.Property(a => a.Outcome).HasMaxLength(64);
        builder.Property(a => a.PreviousHash).HasMaxLength(32);
        builder.Property(a => a.Hash).HasMaxLength(32);
        builder.HasIndex(a => new { a.SiteId, a.RecordedAt });
        builder.HasIndex(a => new { a.Category, a.RecordedAt });
        builder.HasIndex(a => a.PersonalDataId);
    }
}

internal sealed class AuditPersonalDataConfiguration : IEntityTypeConfiguration<AuditPersonalData>
{
    public void Configure(EntityTypeBuilder<AuditPersonalData> builder)
    {
        builder.ToTable("audit_personal_data");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Salt).HasMaxLength(32);
        builder.HasIndex(p => p.DeleteAfter);
    }
}
