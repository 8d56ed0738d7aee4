using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>A lock's identity and freshly issued broker secret. The secret exists only here: show it once.</summary>
public sealed record IssuedLockCredentials(Guid Id, LockId LockId, string Door, string DoorName, string Site, string TimeZone, string Password)
{
    public override string ToString() => $"IssuedLockCredentials {{ LockId = {LockId}, Door = {Door}, Password = *** }}";
}

/// <summary>
/// Registers, provisions and decommissions lock controllers. Provisioning issues a new random
/// broker secret (the previous one stops working and a connected session is closed) and stores
/// only its hash; decommissioning deletes the hash, closes the lock's connection and fails what
/// was still on its way to it.
/// </summary>
public sealed class LockProvisioningService(
    GuestAccessDb db,
    BrokerCredentialCache credentials,
    TimeProvider clock,
    IServiceProvider services)
{
    /// <summary>Registers a controller for a door that has none; it cannot connect until provisioned.</summary>
    public async Task<LockController> RegisterAsync(Guid doorId, string deviceId, CancellationToken cancellationToken = default)
    {
        if (!LockId.IsValid(deviceId))
        {
            throw new DomainException("invalid_lock_id", $"Invalid lock id: {LockId.Rule}.");
        }

        var door = await db.Doors.AsNoTracking().SingleOrDefaultAsync(d => d.Id == doorId, cancellationToken)
            ?? throw new DomainException("door_not_found", "The door does not exist.");
        if (await db.Locks.AnyAsync(l => l.DoorId == doorId || l.DeviceId == deviceId, cancellationToken))
        {
            throw new DomainException("lock_exists", "The door already has a lock controller, or the lock id is taken.");
        }

        var controller = new LockController(Guid.NewGuid(), door.SiteId, door.Id, deviceId);
        db.Locks.Add(controller);
        db.LockSyncStates().Add(new LockSyncState(controller.Id));
        await db.SaveChangesAsync(cancellationToken);
        return controller;
    }

    /// <summary>Issues new broker credentials for each lock (all or nothing) and returns them, the only time the secrets are seen.</summary>
    public async Task<IReadOnlyList<IssuedLockCredentials>> ProvisionAsync(IReadOnlyCollection<Guid> lockIds, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var rows = await (from l in db.Locks
                          join d in db.Doors on l.DoorId equals d.Id
                          join s in db.Sites on l.SiteId equals s.Id
                          where lockIds.Contains(l.Id)
                          select new { Lock = l, DoorSlug = d.Slug, DoorName = d.Name, SiteSlug = s.Slug, s.TimeZoneId })
            .ToListAsync(cancellationToken);
        if (rows.Count != lockIds.Count)
        {
            throw new DomainException("lock_not_found", "The lock does not exist.");
        }

        var existing = await db.LockBrokerCredentials().Where(c => lockIds.Contains(c.LockId)).ToDictionaryAsync(c => c.LockId, cancellationToken);
        var issued = new List<(IssuedLockCredentials Credentials, string Hash, bool Replaced)>();
        foreach (var row in rows)
        {
            row.Lock.MarkProvisioned();
            var secret = BrokerPassword.NewSecret();
            var hash = BrokerPassword.Hash(secret);
            var replaced = existing.TryGetValue(row.Lock.Id, out var credential);
            if (replaced)
            {
                credential!.Replace(hash, now);
            }
            else
            {
                db.LockBrokerCredentials().Add(new LockBrokerCredential(row.Lock.Id, hash, now));
            }

            var lockId = LockId.Parse(row.Lock.DeviceId);
            issued.Add((new IssuedLockCredentials(row.Lock.Id, lockId, row.DoorSlug, row.DoorName, row.SiteSlug, row.TimeZoneId, secret), hash, replaced));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (entry, hash, replaced) in issued)
        {
            credentials.Set(entry.LockId, hash);
            if (replaced)
            {
                await DisconnectAsync(entry.LockId);
            }

            services.GetRequiredService<FleetChannels>().Signal(new FleetInput.LockChanged(entry.Id));
        }

        return issued.Select(i => i.Credentials).ToList();
    }

    /// <summary>Takes a lock out of service for good: its credentials stop working at once.</summary>
    public async Task DecommissionAsync(Guid lockId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var controller = await db.Locks.SingleOrDefaultAsync(l => l.Id == lockId, cancellationToken)
            ?? throw new DomainException("lock_not_found", "The lock does not exist.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        controller.Decommission();
        await db.SaveChangesAsync(cancellationToken);
        await db.LockBrokerCredentials().Where(c => c.LockId == lockId).ExecuteDeleteAsync(cancellationToken);
        await db.LockOutbox().Where(m => m.LockId == lockId && m.CompletedAt == null).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.CompletedAt, now).SetProperty(m => m.Outcome, LockOutboxOutcome.Failed).SetProperty(m => m.FailureReason, DeliveryFailure.LockDecommissioned),
            cancellationToken);
        await db.GrantDoors.Where(d => d.DoorId == controller.DoorId && d.State == DoorDeliveryState.Pending).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.State, DoorDeliveryState.Failed).SetProperty(d => d.FailureReason, DeliveryFailure.LockDecommissioned).SetProperty(d => d.UpdatedAt, now),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var wireId = LockId.Parse(controller.DeviceId);
        credentials.Remove(wireId);
        await DisconnectAsync(wireId);
        services.GetRequiredService<FleetChannels>().Signal(new FleetInput.LockChanged(lockId));
    }

    /// <summary>Closes the lock's session at the embedded broker (an external broker re-reads its password file).</summary>
    private Task DisconnectAsync(LockId lockId) =>
        services.GetService<MqttBroker>() is { } broker ? broker.DisconnectClientAsync(lockId.Value) : Task.CompletedTask;
}
