using GuestAccess.Server.Audit.Writing;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>Wakes the writer every checkpoint interval, so a quiet log still gets its tail signed.</summary>
internal sealed class CheckpointTimer(AuditWriter writer, TimeProvider clock, IOptions<AuditOptions> options, ILogger<CheckpointTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Checkpoints.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var request = new CheckpointRequest(force: false);
                await writer.EnqueueAsync(request, stoppingToken);
                await request.Task.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.CheckpointTimerFailed(e);
            }
        }
    }
}
