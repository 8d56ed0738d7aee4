using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Locks.Store;

internal sealed class LockBrokerCredentialConfiguration : IEntityTypeConfiguration<LockBrokerCredential>
{
    public void Configure(EntityTypeBuilder<LockBrokerCredential> builder)
    {
        builder.ToTable("lock_broker_credentials");
        builder.HasKey(c => c.LockId);
        builder.Property(c => c.PasswordHash).HasMaxLength(LockBrokerCredential.MaxHashLength);
        builder.HasOne<LockController>().WithOne().HasForeignKey<LockBrokerCredential>(c => c.LockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LockSyncStateConfiguration : IEntityTypeConfiguration<LockSyncState>
{
    public void Configure(EntityTypeBuilder<LockSyncState> builder)
    {
        builder.ToTable("lock_sync_states");
        builder.HasKey(s => s.LockId);
        builder.Property(s => s.LockdownReason).HasMaxLength(LockSyncState.MaxReasonLength);
        builder.HasOne<LockController>().WithOne().HasForeignKey<LockSyncState>(s => s.LockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LockCredentialEntryConfiguration : IEntityTypeConfiguration<LockCredentialEntry>
{
    public void Configure(EntityTypeBuilder<LockCredentialEntry> builder)
    {
        builder.ToTable("lock_credential_entries");
        builder.HasKey(e => new { e.LockId, e.CredentialId });
        builder.Property(e => e.Salt).HasMaxLength(16);
        builder.Property(e => e.Hash).HasMaxLength(32);
        builder.Property(e => e.Schedule).HasMaxLength(4000);
        builder.Ignore(e => e.IsPresent);
        builder.HasIndex(e => e.GrantId);
        builder.HasIndex(e => new { e.LockId, e.RemovedVersion });
        builder.HasOne<LockController>().WithMany().HasForeignKey(e => e.LockId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AccessGrant>().WithMany().HasForeignKey(e => e.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LockRevocationEntryConfiguration : IEntityTypeConfiguration<LockRevocationEntry>
{
    public void Configure(EntityTypeBuilder<LockRevocationEntry> builder)
    {
        builder.ToTable("lock_revocation_entries");
        builder.HasKey(e => new { e.LockId, e.CredentialId });
        builder.HasIndex(e => new { e.LockId, e.AddedVersion });
        builder.HasOne<LockController>().WithMany().HasForeignKey(e => e.LockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LockOutboxMessageConfiguration : IEntityTypeConfiguration<LockOutboxMessage>
{
    public void Configure(EntityTypeBuilder<LockOutboxMessage> builder)
    {
        builder.ToTable("lock_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.Reason).HasMaxLength(LockOutboxMessage.MaxReasonLength);
        builder.Property(m => m.FailureReason).HasMaxLength(LockOutboxMessage.MaxReasonLength);
        builder.Property(m => m.TraceParent).HasMaxLength(LockOutboxMessage.MaxTraceParentLength);
        builder.Property(m => m.CommandId).HasMaxLength(LockOutboxMessage.MaxCommandIdLength);
        builder.HasIndex(m => new { m.LockId, m.CompletedAt });
        builder.HasIndex(m => m.CommandId);
        builder.HasOne<LockController>().WithMany().HasForeignKey(m => m.LockId).OnDelete(DeleteBehavior.Cascade);
    }
}
