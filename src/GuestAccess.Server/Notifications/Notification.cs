namespace GuestAccess.Server.Notifications;

public enum NotificationChannel
{
    Sms,
    Email,
}

public enum NotificationStatus
{
    /// <summary>Waiting to be sent (or to be tried again).</summary>
    Pending,

    /// <summary>Handed to the gateway; the body is gone.</summary>
    Sent,

    /// <summary>Given up after the last attempt; the body is gone.</summary>
    Failed,
}

/// <summary>
/// One message to one recipient in the transactional outbox: written in the same transaction as
/// the change it tells about, sent afterwards by <see cref="NotificationDispatcher"/>. The body may
/// hold a PIN, so it is stored only encrypted (ASP.NET Core Data Protection) and deleted as soon as
/// the message is sent or given up.
/// </summary>
public sealed class Notification
{
    public const int MaxRecipientLength = 254;
    public const int MaxSubjectLength = 200;
    public const int MaxErrorLength = 200;

    public Notification(Guid id, Guid siteId, Guid? guestId, Guid? grantId, NotificationChannel channel, string recipient, string subject, string protectedBody, DateTimeOffset createdAt)
    {
        Id = id;
        SiteId = siteId;
        GuestId = guestId;
        GrantId = grantId;
        Channel = channel;
        Recipient = recipient;
        Subject = subject;
        ProtectedBody = protectedBody;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = NotificationStatus.Pending;
    }

    private Notification()
    {
        Recipient = Subject = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    /// <summary>The guest it goes to (anonymising the guest deletes their notifications).</summary>
    public Guid? GuestId { get; private set; }

    public Guid? GrantId { get; private set; }

    public NotificationChannel Channel { get; private set; }

    /// <summary>A phone number or an e-mail address.</summary>
    public string Recipient { get; private set; }

    public string Subject { get; private set; }

    /// <summary>The Data Protection ciphertext of the body; null once sent or given up.</summary>
    public string? ProtectedBody { get; private set; }

    public NotificationStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A sender that claimed the message holds it until then (so two instances never both send it).</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Why the last attempt failed (a gateway status, never the body).</summary>
    public string? LastError { get; private set; }

    public long Version { get; private set; }

    public void MarkSent(DateTimeOffset at)
    {
        Status = NotificationStatus.Sent;
        SentAt = at;
        ProtectedBody = null;
        LockedUntil = null;
        LastError = null;
        Attempts++;
    }

    /// <summary>A failed attempt: try again at <paramref name="retryAt"/>, or give up (null) and delete the body.</summary>
    public void MarkFailed(string error, DateTimeOffset? retryAt)
    {
        Attempts++;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        LockedUntil = null;
        if (retryAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = NotificationStatus.Failed;
            ProtectedBody = null;
        }
    }
}

/// <summary>
/// A message the development inbox received instead of a real phone or mailbox: it stands in for
/// the recipient's device, so it holds what they would get (a PIN too), encrypted at rest.
/// </summary>
public sealed class DevInboxMessage(Guid id, Guid siteId, Guid? guestId, NotificationChannel channel, string recipient, string subject, string protectedBody, DateTimeOffset receivedAt)
{
    public Guid Id { get; private set; } = id;

    public Guid SiteId { get; private set; } = siteId;

    public Guid? GuestId { get; private set; } = guestId;

    public NotificationChannel Channel { get; private set; } = channel;

    public string Recipient { get; private set; } = recipient;

    public string Subject { get; private set; } = subject;

    public string ProtectedBody { get; private set; } = protectedBody;

    public DateTimeOffset ReceivedAt { get; private set; } = receivedAt;
}
