using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Reacting to what arrived: commits, statuses, replies, the broker connection.</summary>
internal sealed partial class LockDispatcher
{
    private async Task HandleAsync(GuestAccessDb db, FleetInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case FleetInput.OutboxCommitted committed:
                await OnCommittedAsync(db, committed, OwnedOrForwarded(committed), now, cancellationToken);
                break;
            case FleetInput.StatusReceived status when _byWire.TryGetValue(status.LockId, out var runtime) && !ownership.Owns(runtime.Id):
                ObserveForeignStatus(runtime, status.Status);
                break;
            case FleetInput.StatusReceived status when _byWire.TryGetValue(status.LockId, out var runtime):
                await OnStatusAsync(db, runtime, status.Status, status.Retained, now, cancellationToken);
                break;
            case FleetInput.ReplyReceived reply when _byWire.ContainsKey(reply.LockId) && !ownership.Owns(_byWire[reply.LockId].Id):
                // Every instance receives every reply; the one that drives the lock acts on it.
                break;
            case FleetInput.ReplyReceived reply when _byWire.TryGetValue(reply.LockId, out var runtime):
                using (StartReplyActivity(runtime, reply.Reply, reply.TraceParent))
                {
                    await OnReplyAsync(db, runtime, reply.Reply, now, cancellationToken);
                }

                break;
            case FleetInput.StatusReceived or FleetInput.ReplyReceived:
                metrics.InboundRejected("unknown_lock");
                break;
            case FleetInput.BrokerConnection connection:
                OnBrokerConnection(connection.Connected);
                if (connection.Connected && !connection.SessionPresent)
                {
                    await AskEveryLockToReplayAsync(db, cancellationToken);
                }

                break;
            case FleetInput.PublishFailed failed when _byId.TryGetValue(failed.LockId, out var runtime):
                OnPublishFailed(runtime, failed.CommandId, now);
                break;
            case FleetInput.OwnershipChanged:
                await OnOwnershipChangedAsync(db, now, cancellationToken);
                break;
            case FleetInput.LockChanged changed:
                if (!changed.Remote)
                {
                    ownership.Forward(Ownership.FleetSignal.LockChanged, [changed.LockId]);
                }

                if (await LoadLockAsync(db, changed.LockId, cancellationToken) is { } reloaded)
                {
                    reloaded.Parked = false;
                    _dirty.Add(reloaded.Id);
                }

                break;
            default:
                break;
        }
    }

    private async Task OnCommittedAsync(GuestAccessDb db, FleetInput.OutboxCommitted committed, IReadOnlyCollection<Guid> lockIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var id in lockIds)
        {
            var runtime = _byId.TryGetValue(id, out var known) ? known : await LoadLockAsync(db, id, cancellationToken);
            if (runtime is null)
            {
                continue;
            }

            MarkCommitted(runtime, now);
            if (committed.Unlocks is { } withUnlocks && !withUnlocks.Contains(id))
            {
                continue; // credentials only: nothing to read
            }

            var unlocks = await db.LockOutbox().AsNoTracking()
                .Where(m => m.LockId == id && m.Kind == LockOutboxKind.RemoteUnlock && m.CompletedAt == null)
                .ToListAsync(cancellationToken);
            foreach (var unlock in unlocks.Where(u => !runtime.Unlocks.ContainsKey(u.Id)))
            {
                runtime.Unlocks[unlock.Id] = new PendingUnlock(unlock.Id, unlock.Reason ?? "-", unlock.DurationSeconds ?? 5, unlock.ExpiresAt ?? now, unlock.TraceParent);
            }
        }

        RememberDeltas(committed, lockIds);
    }

    private void MarkCommitted(LockRuntime runtime, DateTimeOffset now)
    {
        runtime.Parked = false;
        runtime.DeliveryDeadline ??= now + Options.AckTimeout;
        runtime.PendingSince ??= now;
        _dirty.Add(runtime.Id);
    }

    private async Task OnStatusAsync(GuestAccessDb db, LockRuntime runtime, LockStatus status, bool retained, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await DeliveryStore.RecordStatusAsync(db, runtime, status, now, cancellationToken);
        if (status.State == LockState.Offline)
        {
            runtime.Connectivity = LockConnectivity.Offline;
            return;
        }

        // Online (after every connect): whatever was in flight may be lost; start over from what it reports.
        var wasOnline = runtime.Connectivity == LockConnectivity.Online;
        runtime.Connectivity = LockConnectivity.Online;
        runtime.ReportedLockdown = status.Lockdown ?? runtime.ReportedLockdown;
        runtime.Inflight = null;
        runtime.Attempts = 0;
        runtime.RetryAt = null;
        runtime.Parked = false;
        foreach (var unlock in runtime.Unlocks.Values)
        {
            unlock.SentAt = null;
        }

        await ObserveAppliedAsync(db, runtime, status.AppliedVersion ?? runtime.Applied, cancellationToken);
        _dirty.Add(runtime.Id);
        // A retained copy (delivered when this server subscribes, e.g. after its restart) can be older than events
        // stored since: its counters would look like lost storage. The lock's next live status is checked.
        if (status.LastEventSeq is { } last && !retained)
        {
            await CheckEventCounterAsync(db, runtime, last, status.PendingEvents ?? 0, status.Clock, wasOnline, cancellationToken);
        }
    }

    private async Task OnReplyAsync(GuestAccessDb db, LockRuntime runtime, LockReply reply, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ours = runtime.Inflight is { } inflight && inflight.CommandId == reply.CommandId;
        var unlock = runtime.Unlocks.Values.FirstOrDefault(u => u.Command is not null && u.Command.CommandId == reply.CommandId);
        if (reply is CommandAck && ours)
        {
            runtime.ReportedLockdown = runtime.Inflight!.Command switch
            {
                Lockdown => true,
                SyncCredentials sync => sync.Lockdown,
                _ => runtime.ReportedLockdown,
            };
            runtime.Inflight = null;
            runtime.Attempts = 0;
            runtime.RetryAt = null;
        }

        await ObserveAppliedAsync(db, runtime, reply.AppliedVersion, cancellationToken);
        switch (reply)
        {
            case CommandAck when unlock is not null:
                runtime.Unlocks.Remove(unlock.OutboxId);
                await DeliveryStore.CompleteAsync(db, unlock.OutboxId, LockOutboxOutcome.Applied, null, now, cancellationToken);
                break;
            case CommandRejected rejected when ours:
                await OnOwnCommandRejectedAsync(db, runtime, rejected, now, cancellationToken);
                break;
            case CommandRejected rejected when unlock is not null:
                await OnUnlockRejectedAsync(db, runtime, unlock, rejected, now, cancellationToken);
                break;
            case CommandRejected rejected:
                // Not a command we are waiting for: an old retry, or one the server never sent (forged).
                metrics.CommandRejected(WireNames.Of(rejected.Reason));
                LockFleetLog.ForeignCommandRejected(logger, runtime.LockId.Value, WireNames.Of(rejected.Reason), rejected.CommandId ?? "(unreadable)");
                break;
            default:
                break;
        }

        _dirty.Add(runtime.Id);
    }

    private async Task OnOwnCommandRejectedAsync(GuestAccessDb db, LockRuntime runtime, CommandRejected rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = WireNames.Of(rejected.Reason);
        var inflight = runtime.Inflight!;
        runtime.Inflight = null;
        metrics.CommandRejected(reason);
        LockFleetLog.CommandRejected(logger, runtime.LockId.Value, inflight.Command.Type, reason, rejected.Detail ?? "-");
        switch (rejected.Reason)
        {
            case CommandRejectReason.VersionGap:
                runtime.ForceFull = true;
                break;
            case CommandRejectReason.ReplayedCounter or CommandRejectReason.Expired or CommandRejectReason.NotYetValid when ++runtime.Attempts <= 3:
                // A fresh signature (new counter, new times) fixes these unless the lock's clock is far off. The
                // refused token must not be reused for the same plan: a confirm_events signed after it but
                // published before it (the event pipeline signs too) made the lock refuse it for good.
                runtime.LastSent = null;
                break;
            default:
                await DeliveryStore.MarkFailedAsync(db, runtime, inflight.TargetVersion, DeliveryFailure.Rejected(reason), now, cancellationToken);
                runtime.Parked = true;
                runtime.DeliveryDeadline = null;
                break;
        }
    }

    private async Task OnUnlockRejectedAsync(GuestAccessDb db, LockRuntime runtime, PendingUnlock unlock, CommandRejected rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = WireNames.Of(rejected.Reason);
        metrics.CommandRejected(reason);
        LockFleetLog.CommandRejected(logger, runtime.LockId.Value, RemoteUnlock.TypeName, reason, rejected.Detail ?? "-");
        if (rejected.Reason is CommandRejectReason.ReplayedCounter or CommandRejectReason.NotYetValid && ++unlock.Attempts <= 3)
        {
            unlock.Command = null; // a fresh command, signed afresh
            unlock.Signed = null;
            unlock.SentAt = null;
            return;
        }

        runtime.Unlocks.Remove(unlock.OutboxId);
        await DeliveryStore.CompleteAsync(db, unlock.OutboxId, LockOutboxOutcome.Failed, DeliveryFailure.Rejected(reason), now, cancellationToken);
    }

    /// <summary>
    /// The lock said which version it holds: record it once per change. Its row is written at
    /// once; its doors and outbox rows are moved with every other lock's of the turn in
    /// <see cref="RecordAppliedAsync"/>, before the turn's timers and planning.
    /// </summary>
    private async Task ObserveAppliedAsync(GuestAccessDb db, LockRuntime runtime, long applied, CancellationToken cancellationToken)
    {
        var changed = applied != runtime.Applied || runtime.DeliveryDeadline is not null || runtime.PersistedLockdown != runtime.ReportedLockdown;
        runtime.Applied = applied;
        if (!changed)
        {
            return;
        }

        if (runtime.PersistedLockdown != runtime.ReportedLockdown)
        {
            await DeliveryStore.RecordReportedLockdownAsync(db, runtime.Id, runtime.ReportedLockdown, cancellationToken);
            runtime.PersistedLockdown = runtime.ReportedLockdown;
        }

        await DeliveryStore.RecordAppliedVersionAsync(db, runtime.Id, applied, cancellationToken);
        _applied.Add(runtime.Id);
    }

    /// <summary>The doors, outbox rows and pending state of every lock whose applied version this turn recorded.</summary>
    private async Task RecordAppliedAsync(GuestAccessDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_applied.Count == 0)
        {
            return;
        }

        var (completed, pending) = await DeliveryStore.RecordAppliedAsync(db, _applied.ToList(), now, cancellationToken);
        foreach (var created in completed)
        {
            metrics.ChangeApplied(now - created);
        }

        foreach (var id in _applied)
        {
            if (!pending.Contains(id) && _byId.TryGetValue(id, out var runtime))
            {
                runtime.PendingSince = null;
                runtime.DeliveryDeadline = null;
                runtime.ForceFull = false;
            }
        }

        _applied.Clear();
    }

    private void OnBrokerConnection(bool connected)
    {
        _brokerUp = connected;
        if (!connected)
        {
            return;
        }

        foreach (var runtime in _byId.Values)
        {
            if (runtime.Inflight is not null || runtime.Unlocks.Count > 0)
            {
                runtime.Inflight = null;
                _dirty.Add(runtime.Id);
            }
        }
    }

    /// <summary>
    /// The broker kept no session for the server: events (and replies) locks published meanwhile
    /// reached nobody, and the locks believe them delivered. Ask every lock to publish again what
    /// the server has not confirmed; storing is idempotent, so repeats are harmless.
    /// </summary>
    private async Task AskEveryLockToReplayAsync(GuestAccessDb db, CancellationToken cancellationToken)
    {
        var confirmed = await db.LockSyncStates().AsNoTracking().ToDictionaryAsync(s => s.LockId, s => s.ConfirmedUpTo, cancellationToken);
        foreach (var runtime in _byId.Values.Where(r => r.Lifecycle == LockLifecycle.Provisioned && ownership.Owns(r.Id)))
        {
            var from = confirmed.GetValueOrDefault(runtime.Id) + 1;
            _outgoing.Add((new CommandToSend(new ReplayEvents { CommandId = SyncPlanner.NewId("replay"), Lock = runtime.LockId, From = from }, null, null), runtime));
        }
    }

    private void OnPublishFailed(LockRuntime runtime, string commandId, DateTimeOffset now)
    {
        if (runtime.Inflight?.CommandId == commandId)
        {
            runtime.Inflight = null;
            runtime.RetryAt = now + BackOff(++runtime.Attempts);
            _dirty.Add(runtime.Id);
        }

        foreach (var unlock in runtime.Unlocks.Values.Where(u => u.Command?.CommandId == commandId))
        {
            unlock.SentAt = null;
            _dirty.Add(runtime.Id);
        }
    }

    /// <summary>
    /// Compares the lock's event counter with what is stored (docs/lock-protocol.md section 9, "Replay and gaps").
    /// Events still pending on the lock although everything is stored mean our confirmation was lost (e.g. queued in
    /// a broker that restarted): confirm again. Events pending above what is stored, reported by a lock that was
    /// already online (its status nudge while events stay unconfirmed, not the status right after a connect, which
    /// the re-published batch follows anyway): ask for them again. Both are idempotent at the lock and here.
    /// </summary>
    private async Task CheckEventCounterAsync(GuestAccessDb db, LockRuntime runtime, long lastEventSeq, long pendingEvents, DateTimeOffset? statusClock, bool wasOnline, CancellationToken cancellationToken)
    {
        var confirmed = await db.LockSyncStates().Where(s => s.LockId == runtime.Id).Select(s => s.ConfirmedUpTo).FirstOrDefaultAsync(cancellationToken);
        if (lastEventSeq < confirmed)
        {
            // The lock counts lower than what we stored from it: its storage was lost or replaced — unless the status
            // was written before the newest of those events (both on the lock's clock): then it is an old copy the
            // broker delivered late (queued in the server's session, say), not news from the lock.
            var newest = statusClock is null ? null : await db.EntryEvents.AsNoTracking()
                .Where(e => e.LockId == runtime.Id && e.Sequence == confirmed).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
            if (statusClock < newest)
            {
                LockFleetLog.StaleStatusCounters(logger, runtime.LockId.Value, lastEventSeq, confirmed);
            }
            else
            {
                LockFleetLog.EventCounterWentBack(logger, runtime.LockId.Value, lastEventSeq, confirmed);
            }
        }
        else if (pendingEvents == 0 && lastEventSeq > confirmed)
        {
            LockFleetLog.EventsMissing(logger, runtime.LockId.Value, confirmed + 1, lastEventSeq);
        }
        else if (pendingEvents > 0 && lastEventSeq <= confirmed)
        {
            _outgoing.Add((new CommandToSend(new ConfirmEvents { CommandId = SyncPlanner.NewId("confirm"), Lock = runtime.LockId, UpTo = confirmed }, null, null), runtime));
        }
        else if (pendingEvents > 0 && wasOnline)
        {
            _outgoing.Add((new CommandToSend(new ReplayEvents { CommandId = SyncPlanner.NewId("replay"), Lock = runtime.LockId, From = confirmed + 1 }, null, null), runtime));
        }
    }
}
