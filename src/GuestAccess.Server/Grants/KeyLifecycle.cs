using GuestAccess.Domain.Grants;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>What one lifecycle run did.</summary>
public sealed record LifecycleResult(int Expired, int Anonymised, int Pruned);

/// <summary>
/// Least privilege over time: grants whose window has ended become Expired and their credentials
/// are removed from every lock (nothing stale stays on a lock); a guest's name and contact details
/// are deleted <see cref="KeyOptions.AnonymiseGuestsAfter"/> after their last access ended, with
/// the messages that were sent to them; old development inbox messages are deleted.
/// </summary>
public sealed class KeyLifecycle(IServiceScopeFactory scopes, KeyIssuer keys, KeyAudit audit, IOptions<KeyOptions> options, IOptions<NotificationOptions> notifications, TimeProvider clock, ILogger<KeyLifecycle> logger)
    : BackgroundService
{
    private const int Batch = 100;

    public async Task<LifecycleResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        int round;
        do
        {
            round = await ExpireAsync(cancellationToken);
            expired += round;
        }
        while (round == Batch);

        return new LifecycleResult(expired, await AnonymiseAsync(cancellationToken), await PruneAsync(cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await RunOnceAsync(stoppingToken);
                if (result.Expired + result.Anonymised > 0)
                {
                    KeysLog.LifecycleRan(logger, result.Expired, result.Anonymised);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                KeysLog.LifecycleFailed(logger, e);
            }

            await Task.Delay(options.Value.LifecycleInterval, clock, stoppingToken);
        }
    }

    private async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        await using var transaction = await KeyTransaction.BeginAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var ended = await db.Grants.Include(g => g.Doors).Where(g => g.Status == GrantStatus.Active && g.ValidUntil <= now)
            .OrderBy(g => g.ValidUntil).Take(Batch).ToListAsync(cancellationToken);
        foreach (var grant in ended)
        {
            grant.Expire();
            await keys.RevokeAllAsync(db, grant, cancellationToken);
            audit.GrantExpired(db, grant);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (ended.Count > 0)
        {
            audit.Committed();
        }

        return ended.Count;
    }

    private async Task<int> AnonymiseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.AnonymiseGuestsAfter;
        var due = await db.Guests
            .Where(g => g.AnonymisedAt == null && g.CreatedAt <= cutoff
                && !db.Grants.Any(x => x.HolderKind == HolderKind.Guest && x.HolderId == g.Id
                    && (x.Status == GrantStatus.Active || (x.RevokedAt != null ? x.RevokedAt.Value : x.ValidUntil) > cutoff)))
            .OrderBy(g => g.CreatedAt).Take(Batch).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(g => (Guid?)g.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var guest in due)
        {
            guest.Anonymise(now);
            audit.GuestAnonymised(db, guest);
        }

        await db.Notifications().Where(n => ids.Contains(n.GuestId)).ExecuteDeleteAsync(cancellationToken);
        await db.DevInboxMessages().Where(m => ids.Contains(m.GuestId)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Committed();

        return due.Count;
    }

    private async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var now = clock.GetUtcNow();
        var inboxCutoff = now - notifications.Value.DevInboxRetention;
        var historyCutoff = now - options.Value.AnonymiseGuestsAfter;
        return await db.DevInboxMessages().Where(m => m.ReceivedAt < inboxCutoff).ExecuteDeleteAsync(cancellationToken)
            + await db.Notifications().Where(n => n.Status != NotificationStatus.Pending && n.CreatedAt < historyCutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
