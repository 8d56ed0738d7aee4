using System.Security.Cryptography;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Notifications;

/// <summary>
/// Sends what the outbox holds: due messages are claimed (a lease, so two server instances never
/// send one twice at the same time), handed to the configured gateway, and marked sent — with the
/// body deleted — or retried with back-off until <see cref="NotificationOptions.MaxAttempts"/>.
/// Woken by <see cref="NotificationSignal"/> after a commit, and polling for retries.
/// </summary>
public sealed class NotificationDispatcher(
    IServiceScopeFactory scopes,
    NotificationGateways gateways,
    NotificationProtector protector,
    NotificationSignal signal,
    IOptions<NotificationOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int Batch = 50;

    /// <summary>Sends every due message once (tests and the hosted loop).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var now = clock.GetUtcNow();
        var due = await db.Notifications().AsNoTracking()
            .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now && (n.LockedUntil == null || n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt).Select(n => n.Id).Take(Batch).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            sent += await SendAsync(db, id, cancellationToken) ? 1 : 0;
        }

        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (environment.IsProduction() && options.Value.UsesDevInbox)
        {
            NotificationsLog.DevInboxInProduction(logger);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) == Batch)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                NotificationsLog.TurnFailed(logger, e);
            }

            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private async Task<bool> SendAsync(GuestAccessDb db, Guid id, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var lease = now + settings.SendTimeout + settings.SendTimeout;
        int claimed;
        await using (await SqliteWriteGate.EnterAsync(db, WritePriority.Background, cancellationToken))
        {
            claimed = await db.Notifications()
                .Where(n => n.Id == id && n.Status == NotificationStatus.Pending && (n.LockedUntil == null || n.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LockedUntil, lease), cancellationToken);
        }

        if (claimed == 0)
        {
            return false;
        }

        // Claimed, but the lifecycle may have deleted it since (the guest's data removed): nothing to send.
        if (await db.Notifications().SingleOrDefaultAsync(n => n.Id == id, cancellationToken) is not { } notification)
        {
            return false;
        }

        string? failure;
        try
        {
            var body = protector.Unprotect(notification.ProtectedBody!);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.SendTimeout);
            await gateways.For(notification.Channel).SendAsync(
                new NotificationEnvelope(notification.Id, notification.SiteId, notification.GuestId, notification.Channel, notification.Recipient, notification.Subject, body), timeout.Token);
            failure = null;
        }
        catch (NotificationDeliveryException e)
        {
            failure = e.Message;
        }
        catch (CryptographicException)
        {
            failure = "body_unreadable";
        }
        catch (HttpRequestException e)
        {
            failure = $"unreachable_{e.HttpRequestError}".ToLowerInvariant();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "timeout";
        }

        Complete(notification, failure, settings);
        try
        {
            await using (await SqliteWriteGate.EnterAsync(db, WritePriority.Background, CancellationToken.None))
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted meanwhile (its guest was anonymised): nothing is left to record.
            db.ChangeTracker.Clear();
        }

        return failure is null;
    }

    private void Complete(Notification notification, string? failure, NotificationOptions settings)
    {
        var now = clock.GetUtcNow();
        if (failure is null)
        {
            notification.MarkSent(now);
            NotificationsLog.Sent(logger, notification.Id, notification.Channel);
            return;
        }

        var attempt = notification.Attempts + 1;
        if (attempt >= settings.MaxAttempts || failure == "body_unreadable")
        {
            notification.MarkFailed(failure, null);
            NotificationsLog.GaveUp(logger, notification.Id, notification.Channel, attempt, failure);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryMinDelay.Ticks << Math.Min(attempt - 1, 20)));
        notification.MarkFailed(failure, now + delay);
        NotificationsLog.Retrying(logger, notification.Id, notification.Channel, failure, attempt, now + delay);
    }
}
