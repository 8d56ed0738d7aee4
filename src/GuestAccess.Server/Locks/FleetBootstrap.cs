using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Signing;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Locks;

/// <summary>
/// Runs after the database is migrated and before the broker accepts anyone: loads (or creates)
/// the command signing key, so a broken key store stops start-up instead of the first command,
/// and loads the broker credentials of every provisioned lock.
/// </summary>
internal sealed class FleetBootstrap(IServiceScopeFactory scopes, LockSigningKeyStore keys, BrokerCredentialCache credentials) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys.Current;
        await using var scope = scopes.CreateAsyncScope();
        await credentials.LoadAsync(scope.ServiceProvider.GetRequiredService<GuestAccessDb>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
