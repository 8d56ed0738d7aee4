namespace GuestAccess.Server.Notifications;

/// <summary>The notification sender's log events (ids 6100-6199): ids, channels and statuses only, never recipients or bodies.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(6100, LogLevel.Information, "Sent notification {NotificationId} by {Channel}")]
    public static partial void Sent(ILogger logger, Guid notificationId, NotificationChannel channel);

    [LoggerMessage(6101, LogLevel.Warning, "Sending notification {NotificationId} by {Channel} failed ({Reason}); attempt {Attempt}, trying again at {RetryAt}")]
    public static partial void Retrying(ILogger logger, Guid notificationId, NotificationChannel channel, string reason, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(6102, LogLevel.Error, "Gave up notification {NotificationId} by {Channel} after {Attempts} attempts ({Reason}); its body is deleted")]
    public static partial void GaveUp(ILogger logger, Guid notificationId, NotificationChannel channel, int attempts, string reason);

    [LoggerMessage(6103, LogLevel.Error, "A notification sender turn failed; it is retried")]
    public static partial void TurnFailed(ILogger logger, Exception exception);

    [LoggerMessage(6104, LogLevel.Warning, "Notifications go to the development inbox (Notifications:Sms:Gateway / Notifications:Email:Gateway): guests get nothing on their phones or in their mailboxes")]
    public static partial void DevInboxInProduction(ILogger logger);
}
