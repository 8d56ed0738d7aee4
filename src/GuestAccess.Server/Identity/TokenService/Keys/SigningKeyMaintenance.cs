using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.TokenService.Keys;

/// <summary>Loads (or creates) the signing keys at start, then applies the rotation schedule periodically.</summary>
internal sealed partial class SigningKeyMaintenance(SigningKeyRing ring, TimeProvider clock, IOptions<IdentitySettings> settings, ILogger<SigningKeyMaintenance> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ring.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.SigningKeyCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Signing key rotation failed; the current keys stay in use and the next check retries")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
