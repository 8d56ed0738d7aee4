using System.Text.Json;
using System.Threading.Channels;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace GuestAccess.Server.Notifications;

/// <summary>A message to queue: the text (Danish first, then English) and, for e-mail, a mobile key shown as a QR code.</summary>
public sealed record OutgoingNotification(Guid SiteId, Guid? GuestId, Guid? GrantId, NotificationChannel Channel, string Recipient, string Subject, NotificationBody Body);

/// <summary>What a message says. <see cref="MobileKey"/> is a bearer credential: it travels only to its holder.</summary>
public sealed record NotificationBody(string Text, string? MobileKey);

/// <summary>
/// The outbox-backed sender features use: <see cref="Queue"/> adds the message to the caller's
/// unit of work (so it is sent exactly when the change commits), <see cref="Wake"/> after the
/// commit sends it at once instead of at the next poll.
/// </summary>
public interface INotificationSender
{
    void Queue(GuestAccessDb db, OutgoingNotification message);

    void Wake();
}

internal sealed class NotificationOutbox(NotificationProtector protector, NotificationSignal signal, TimeProvider clock) : INotificationSender
{
    public void Queue(GuestAccessDb db, OutgoingNotification message) =>
        db.Notifications().Add(new Notification(
            Guid.NewGuid(), message.SiteId, message.GuestId, message.GrantId, message.Channel, message.Recipient, Truncate(message.Subject), protector.Protect(message.Body), clock.GetUtcNow()));

    public void Wake() => signal.Wake();

    private static string Truncate(string subject) => subject.Length > Notification.MaxSubjectLength ? subject[..Notification.MaxSubjectLength] : subject;
}

/// <summary>Encrypts message bodies at rest (ASP.NET Core Data Protection, keys in the data directory).</summary>
public sealed class NotificationProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("GuestAccess.Notifications.Body.v1");

    public string Protect(NotificationBody body) => _protector.Protect(JsonSerializer.Serialize(body));

    public NotificationBody Unprotect(string protectedBody) =>
        JsonSerializer.Deserialize<NotificationBody>(_protector.Unprotect(protectedBody)) ?? throw new JsonException("An empty notification body.");
}

/// <summary>Wakes the dispatcher: many wakes before it looks collapse into one.</summary>
public sealed class NotificationSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a wake or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a wake: look anyway.
        }
    }
}
