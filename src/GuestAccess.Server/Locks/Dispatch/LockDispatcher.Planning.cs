using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Choosing and signing the next command for every lock that needs one and can be reached.</summary>
internal sealed partial class LockDispatcher
{
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromSeconds(30);

    private async Task PlanAsync(GuestAccessDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_brokerUp || _dirty.Count == 0)
        {
            return;
        }

        foreach (var id in _dirty.ToList())
        {
            var runtime = _byId[id];
            if (!ownership.Owns(id))
            {
                // Another instance drives it; a takeover rescans (LockDispatcher.Ownership.cs).
                _dirty.Remove(id);
                continue;
            }

            if (!runtime.IsReachable || (runtime.RetryAt is { } retry && now < retry))
            {
                continue;
            }

            _dirty.Remove(id);
            runtime.RetryAt = null;
            await PlanUnlocksAsync(db, runtime, now, cancellationToken);
            if (runtime.Inflight is null && !runtime.Parked)
            {
                await PlanCredentialsAsync(db, runtime, now, cancellationToken);
            }
        }
    }

    private async Task PlanCredentialsAsync(GuestAccessDb db, LockRuntime runtime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PlannedCommand? plan;
        try
        {
            plan = await SyncPlanner.PlanAsync(db, runtime, now, cancellationToken);
        }
        catch (LockCapacityException e)
        {
            LockFleetLog.CapacityExceeded(logger, runtime.LockId.Value, e.Message);
            await DeliveryStore.MarkFailedAsync(db, runtime, null, DeliveryFailure.Rejected("capacity_exceeded"), now, cancellationToken);
            runtime.Parked = true;
            return;
        }

        if (plan is null)
        {
            return;
        }

        Send(runtime, plan, await OldestTraceAsync(db, runtime.Id, cancellationToken), now);
    }

    /// <summary>Signs the planned command (or reuses the last token for the same plan), puts it in flight and queues it for publishing.</summary>
    private void Send(LockRuntime runtime, PlannedCommand plan, string? trace, DateTimeOffset now)
    {
        var previous = runtime.LastSent;
        var signed = previous is not null && SamePlan(previous.Signed.Command, plan.Command) && previous.Signed.Command.ExpiresAt > now + ReuseMargin
            ? previous.Signed
            : publisher.Sign(plan.Command, Options.CommandLifetime);
        runtime.Inflight = new InflightCommand(signed, plan.TargetVersion, now);
        runtime.LastSent = runtime.Inflight;
        _outgoing.Add((new SignedCommandToSend(signed, trace), runtime));
    }

    private async Task PlanUnlocksAsync(GuestAccessDb db, LockRuntime runtime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var unlock in runtime.Unlocks.Values.OrderBy(u => u.OutboxId))
        {
            if (unlock.SentAt is not null)
            {
                continue;
            }

            var remaining = unlock.ExpiresAt - now;
            if (remaining < TimeSpan.FromSeconds(1))
            {
                continue; // expires on the next timer turn
            }

            unlock.Signed ??= publisher.Sign(
                new RemoteUnlock { CommandId = SyncPlanner.NewId("unlock"), Lock = runtime.LockId, DurationSeconds = unlock.DurationSeconds, Reason = unlock.Reason },
                remaining);
            unlock.SentAt = now;
            await DeliveryStore.MarkUnlockSentAsync(db, unlock.OutboxId, unlock.Signed.Command.CommandId, now, cancellationToken);
            _outgoing.Add((new SignedCommandToSend(unlock.Signed, unlock.TraceParent), runtime));
        }
    }

    private static Task<string?> OldestTraceAsync(GuestAccessDb db, Guid lockId, CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            Store.LockStoreSets.LockOutbox(db)
                .Where(m => m.LockId == lockId && m.CompletedAt == null && m.Kind == Store.LockOutboxKind.Credentials)
                .OrderBy(m => m.Id)
                .Select(m => m.TraceParent),
            cancellationToken);

    /// <summary>Would the lock do exactly the same with either command? Then the old token may be sent again.</summary>
    private static bool SamePlan(LockCommand sent, LockCommand planned) => (sent, planned) switch
    {
        (ApplyCredentials a, ApplyCredentials b) => a.FromVersion == b.FromVersion && a.ToVersion == b.ToVersion,
        (SyncCredentials a, SyncCredentials b) => a.Version == b.Version && a.Lockdown == b.Lockdown,
        (Lockdown a, Lockdown b) => a.Version == b.Version,
        _ => false,
    };
}
