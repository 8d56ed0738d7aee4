using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Recipient).HasMaxLength(Notification.MaxRecipientLength);
        builder.Property(n => n.Subject).HasMaxLength(Notification.MaxSubjectLength);
        builder.Property(n => n.ProtectedBody).HasMaxLength(16_000);
        builder.Property(n => n.LastError).HasMaxLength(Notification.MaxErrorLength);
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => n.GuestId);
        builder.HasOne<Site>().WithMany().HasForeignKey(n => n.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DevInboxMessageConfiguration : IEntityTypeConfiguration<DevInboxMessage>
{
    public void Configure(EntityTypeBuilder<DevInboxMessage> builder)
    {
        builder.ToTable("dev_inbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Recipient).HasMaxLength(Notification.MaxRecipientLength);
        builder.Property(m => m.Subject).HasMaxLength(Notification.MaxSubjectLength);
        builder.Property(m => m.ProtectedBody).HasMaxLength(16_000);
        builder.HasIndex(m => new { m.SiteId, m.ReceivedAt });
        builder.HasIndex(m => m.GuestId);
        builder.HasOne<Site>().WithMany().HasForeignKey(m => m.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
