using GuestAccess.Domain.Locks;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>What happens when time passes: unanswered commands, undelivered changes, expiring remote unlocks.</summary>
internal sealed partial class LockDispatcher
{
    private async Task RunTimersAsync(GuestAccessDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var runtime in _byId.Values)
        {
            if (!ownership.Owns(runtime.Id))
            {
                continue;
            }

            if (runtime.Inflight is { } inflight && now >= inflight.SentAt + Options.AckTimeout)
            {
                // No answer: try again later (and at once when the lock says it is online again).
                LockFleetLog.AckTimedOut(logger, runtime.LockId.Value, inflight.Command.Type, inflight.CommandId);
                runtime.Inflight = null;
                runtime.RetryAt = now + BackOff(++runtime.Attempts);
                _dirty.Add(runtime.Id);
                await DeliveryStore.MarkFailedAsync(db, runtime, inflight.TargetVersion, DeliveryFailure.AckTimeout, now, cancellationToken);
            }

            if (runtime.DeliveryDeadline is { } deadline && now >= deadline)
            {
                runtime.DeliveryDeadline = null;
                var reason = runtime.Lifecycle switch
                {
                    LockLifecycle.Registered => DeliveryFailure.LockNotProvisioned,
                    LockLifecycle.Decommissioned => DeliveryFailure.LockDecommissioned,
                    LockLifecycle.Provisioned => runtime.Connectivity == LockConnectivity.Online ? DeliveryFailure.AckTimeout : DeliveryFailure.LockOffline,
                };
                await DeliveryStore.MarkFailedAsync(db, runtime, null, reason, now, cancellationToken);
            }

            if (runtime.Unlocks.Count > 0)
            {
                await ExpireUnlocksAsync(db, runtime, now, cancellationToken);
            }
        }
    }

    private async Task ExpireUnlocksAsync(GuestAccessDb db, LockRuntime runtime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var unlock in runtime.Unlocks.Values.ToList())
        {
            if (now >= unlock.ExpiresAt)
            {
                runtime.Unlocks.Remove(unlock.OutboxId);
                var reason = unlock.Command is null
                    ? (runtime.Connectivity == LockConnectivity.Online ? "not_sent" : DeliveryFailure.LockOffline)
                    : DeliveryFailure.AckTimeout;
                await DeliveryStore.CompleteAsync(db, unlock.OutboxId, LockOutboxOutcome.Expired, reason, now, cancellationToken);
            }
            else if (unlock.SentAt is { } sent && now >= sent + Options.AckTimeout)
            {
                // Re-publish the same token (the lock runs it at most once); it carries its own expiry.
                unlock.SentAt = null;
                _dirty.Add(runtime.Id);
            }
        }
    }
}
