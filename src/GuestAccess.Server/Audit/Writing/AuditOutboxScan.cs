using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// Moves staged audit records into the chain at start-up (what a crash left between a change's
/// commit and its drain) and then every <see cref="AuditOptions.OutboxScanInterval"/> (a drain
/// that failed or found the writer's queue full).
/// </summary>
internal sealed class AuditOutboxScan(AuditOutbox outbox, IOptions<AuditOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.Drain();
        using var timer = new PeriodicTimer(options.Value.OutboxScanInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                outbox.Drain();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
