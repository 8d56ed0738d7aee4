using GuestAccess.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Audit;

// The audit tables are written only by AuditWriter (raw SQL); EF reads them for queries.

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public const string NotEntry = "category <> 'Entry'";

    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        // No foreign keys: the log must outlive whatever it mentions.
        builder.ToTable("audit_records");
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(AuditLimits.ActionLength);
        builder.Property(a => a.Subject).HasMaxLength(AuditLimits.SubjectLength);
        builder.Property(a => a.Outcome).HasMaxLength(AuditLimits.OutcomeLength);
        builder.Property(a => a.Data).HasMaxLength(AuditLimits.DataLength);
        builder.Property(a => a.PersonalDigest).HasMaxLength(32);
        builder.Property(a => a.PreviousHash).HasMaxLength(32);
        builder.Property(a => a.Hash).HasMaxLength(32);
        // Entry records are searched through entry_events; these indexes cover the other records only.
        builder.HasIndex(a => a.RecordedAt).HasFilter(NotEntry);
        builder.HasIndex(a => a.SiteId).HasFilter(NotEntry);
        builder.HasIndex(a => a.Category).HasFilter(NotEntry);
    }
}

internal sealed class AuditPersonalDataConfiguration : IEntityTypeConfiguration<AuditPersonalData>
{
    public void Configure(EntityTypeBuilder<AuditPersonalData> builder)
    {
        builder.ToTable("audit_personal_data");
        builder.HasKey(p => p.Sequence);
        builder.Property(p => p.Sequence).ValueGeneratedNever();
        builder.Property(p => p.Holder).HasMaxLength(AuditLimits.HolderLength);
        builder.Property(p => p.Salt).HasMaxLength(32);
        builder.Property(p => p.Data).HasMaxLength(AuditLimits.DataLength);
        builder.HasIndex(p => p.Holder);
        builder.HasIndex(p => p.DeleteAfter);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("audit_checkpoints");
        builder.HasKey(c => c.Sequence);
        builder.Property(c => c.Sequence).ValueGeneratedNever();
        builder.Property(c => c.HeadHash).HasMaxLength(32);
        builder.Property(c => c.KeyId).HasMaxLength(64);
        builder.Property(c => c.Token).HasMaxLength(2000);
    }
}
