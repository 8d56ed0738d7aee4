using GuestAccess.Server.Audit.Writing;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Retention;

/// <summary>
/// Deletes personal data from the audit log when its period is over (see
/// <see cref="RetentionOptions"/>), at start-up and then every interval. The chain is untouched:
/// it only ever committed to a salted digest, so verification passes afterwards.
/// </summary>
public interface IAuditRetention
{
    /// <summary>Deletes every personal part that is due now; returns how many.</summary>
    Task<RetentionResult> RunAsync(CancellationToken cancellationToken = default);
}

internal sealed class AuditRetention(AuditWriter writer, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditRetention> logger)
    : BackgroundService, IAuditRetention
{
    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Retention;
        var now = clock.GetUtcNow();
        var total = 0;
        int deleted;
        do
        {
            var chunk = new RetentionRequest(now, settings.BatchSize);
            await writer.EnqueueAsync(chunk, cancellationToken);
            deleted = await chunk.Task.WaitAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == settings.BatchSize);

        var truncated = false;
        if (total > 0)
        {
            var truncate = new WalTruncateRequest();
            await writer.EnqueueAsync(truncate, cancellationToken);
            truncated = await truncate.Task.WaitAsync(cancellationToken);
            logger.RetentionDeleted(total, truncated);
        }

        return new RetentionResult(total, truncated);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Retention.Interval, clock);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // The host is stopping: our own token, or the audit writer stopped first and cancelled
                // what it had queued. Either way there is nothing left to do, and it is not a failure.
                return;
            }
            catch (Exception e)
            {
                logger.RetentionFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
