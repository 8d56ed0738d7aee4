using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Notifications;

/// <summary>The notification tables (their configurations are picked up with the rest of the model).</summary>
public static class NotificationSets
{
    public static DbSet<Notification> Notifications(this GuestAccessDb db) => db.Set<Notification>();

    public static DbSet<DevInboxMessage> DevInboxMessages(this GuestAccessDb db) => db.Set<DevInboxMessage>();
}
