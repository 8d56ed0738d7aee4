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

        var ready = new List<LockRuntime>();
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
                ready.Add(runtime);
            }
        }

        if (ready.Count > 0)
        {
            await PlanCredentialsAsync(db, ready, now, cancellationToken);
        }
    }

    /// <summary>Plans the credentials of all <paramref name="ready"/> locks together (SyncPlanner.PlanManyAsync) and sends what they need.</summary>
    private async Task PlanCredentialsAsync(GuestAccessDb db, IReadOnlyList<LockRuntime> ready, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Locks whose committed change was handed over (LockDispatcher.Direct.cs) need no reading.
        var direct = new List<(LockRuntime Runtime, PlannedCommand Plan, string? TraceParent)>();
        if (Options.DirectDeltas)
        {
            foreach (var runtime in ready)
            {
                if (DirectPlan(runtime) is { } plan)
                {
                    direct.Add((runtime, plan.Plan, plan.TraceParent));
                }
            }

            if (Options.VerifyDirectDeltas && direct.Count > 0)
            {
                await VerifyDirectAsync(db, direct, now, cancellationToken);
            }

            foreach (var (runtime, plan, trace) in direct)
            {
                Send(runtime, plan, trace, now);
            }

            metrics.DirectDeltasSent(direct.Count, withoutTransaction: false);
            if (direct.Count == ready.Count)
            {
                return;
            }

            ready = ready.Except(direct.Select(d => d.Runtime)).ToList();
        }

        var outcomes = await SyncPlanner.PlanManyAsync(db, ready, now, cancellationToken);
        var planned = outcomes.Where(o => o.Plan is not null).Select(o => o.Lock.Id).ToList();
        var traces = planned.Count == 0 ? new Dictionary<Guid, string?>() : await OldestTracesAsync(db, planned, cancellationToken);
        foreach (var outcome in outcomes)
        {
            var runtime = outcome.Lock;
            if (outcome.Overflow is { } overflow)
            {
                LockFleetLog.CapacityExceeded(logger, runtime.LockId.Value, overflow.Message);
                await DeliveryStore.MarkFailedAsync(db, runtime, null, DeliveryFailure.Rejected("capacity_exceeded"), now, cancellationToken);
                runtime.Parked = true;
            }
            else if (outcome.Plan is { } plan)
            {
                Send(runtime, plan, traces.GetValueOrDefault(runtime.Id), now);
            }
        }
    }

    /// <summary>
    /// Puts the planned command in flight and queues it for publishing, where it is signed (or the last
    /// token for the same plan is reused while it is valid).
    /// </summary>
    private void Send(LockRuntime runtime, PlannedCommand plan, string? trace, DateTimeOffset now)
    {
        var reuse = runtime.LastSent?.Signed is { } previous && SamePlan(previous.Command, plan.Command) && previous.Command.ExpiresAt > now + ReuseMargin
            ? previous
            : null;
        var command = reuse?.Command ?? plan.Command;
        runtime.Inflight = new InflightCommand(command, plan.TargetVersion, now) { Signed = reuse };
        runtime.LastSent = runtime.Inflight;
        _outgoing.Add((new CommandToSend(command, reuse, trace), runtime));
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

            unlock.Command ??= new RemoteUnlock { CommandId = SyncPlanner.NewId("unlock"), Lock = runtime.LockId, DurationSeconds = unlock.DurationSeconds, Reason = unlock.Reason };
            unlock.SentAt = now;
            await DeliveryStore.MarkUnlockSentAsync(db, unlock.OutboxId, unlock.Command.CommandId, now, cancellationToken);
            // Valid until the unlock's own deadline, never later (it is signed when it leaves).
            _outgoing.Add((new CommandToSend(unlock.Command, unlock.Signed, unlock.TraceParent, unlock.ExpiresAt), runtime));
        }
    }

    /// <summary>The trace of the oldest open credentials change of each lock (the change the command is sent for first).</summary>
    private static async Task<Dictionary<Guid, string?>> OldestTracesAsync(GuestAccessDb db, IReadOnlyList<Guid> lockIds, CancellationToken cancellationToken)
    {
        var open = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Store.LockStoreSets.LockOutbox(db)
                .Where(m => lockIds.Contains(m.LockId) && m.CompletedAt == null && m.Kind == Store.LockOutboxKind.Credentials)
                .Select(m => new { m.LockId, m.Id, m.TraceParent }),
            cancellationToken);
        return open.GroupBy(m => m.LockId).ToDictionary(g => g.Key, g => g.MinBy(m => m.Id)!.TraceParent);
    }

    /// <summary>Would the lock do exactly the same with either command? Then the old token may be sent again.</summary>
    private static bool SamePlan(LockCommand sent, LockCommand planned) => (sent, planned) switch
    {
        (ApplyCredentials a, ApplyCredentials b) => a.FromVersion == b.FromVersion && a.ToVersion == b.ToVersion,
        (SyncCredentials a, SyncCredentials b) => a.Version == b.Version && a.Lockdown == b.Lockdown,
        (Lockdown a, Lockdown b) => a.Version == b.Version,
        _ => false,
    };
}
