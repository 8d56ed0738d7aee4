using System.Text.Json;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Direct deltas (Locks/Fleet/DirectDelta): a committed change hands the dispatcher exactly what it
/// wrote at each lock, so a lock that holds the version the change started from gets its command
/// without a database read. A turn in which only such commits arrived (no replies, statuses,
/// timers or remote unlocks to record) runs without a transaction at all: a grant's command leaves
/// within a fraction of a millisecond of its commit instead of after the turn's own transaction.
/// </summary>
internal sealed partial class LockDispatcher
{
    private void RememberDeltas(FleetInput.OutboxCommitted committed, IReadOnlyCollection<Guid> lockIds)
    {
        if (!Options.DirectDeltas || committed.Deltas is not { Count: > 0 } deltas)
        {
            return;
        }

        foreach (var delta in deltas)
        {
            if (_byId.TryGetValue(delta.LockId, out var runtime) && lockIds.Contains(delta.LockId))
            {
                runtime.Remember(delta);
            }
        }
    }

    /// <summary>
    /// Sends the commits of <paramref name="inputs"/> that can go out without the database
    /// (<see cref="TryDirectTurn"/>) and removes them from it; false when none could.
    /// </summary>
    private bool TakeDirect(List<FleetInput> inputs, DateTimeOffset now)
    {
        var commits = inputs.Where(IsDirect).ToList();
        if (commits.Count == 0 || !TryDirectTurn(commits, now))
        {
            return false;
        }

        inputs.RemoveAll(IsDirect);
        return true;
    }

    private bool IsDirect(FleetInput input) =>
        input is FleetInput.OutboxCommitted { Remote: false, Unlocks.Count: 0, Deltas: not null } committed && committed.LockIds.All(_byId.ContainsKey);

    /// <summary>
    /// SQLite: waits for the write gate (<see cref="SqliteWriteGate"/>, first in line) for a turn;
    /// what arrives meanwhile joins the turn, except commits that can be sent without the database,
    /// which leave at once: a grant must not wait for the bookkeeping of an earlier reply. Null on PostgreSQL.
    /// </summary>
    private async Task<SqliteWriteGate.Lease?> EnterWriteGateAsync(GuestAccessDb db, List<FleetInput> batch, CancellationToken cancellationToken)
    {
        // Recording replies and statuses is bookkeeping, in turn with bookings and grants (a revocation waiting
        // for the write lock must not wait for the acknowledgements of the change before it); anything else is delivery.
        var priority = batch.Count > 0 && batch.TrueForAll(i => i is FleetInput.ReplyReceived or FleetInput.StatusReceived) ? WritePriority.Request : WritePriority.Delivery;
        var entering = SqliteWriteGate.EnterAsync(db, priority, cancellationToken).AsTask();
        var reader = channels.Dispatcher.Reader;
        while (!entering.IsCompleted)
        {
            var arriving = reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(entering, arriving) == entering || !await arriving)
            {
                break;
            }

            TakeArrived(reader, batch);
        }

        var lease = await entering;
        // The writer before this turn was often the change whose commit signal arrived just now.
        TakeArrived(reader, batch);
        return lease;
    }

    private void TakeArrived(System.Threading.Channels.ChannelReader<FleetInput> reader, List<FleetInput> batch)
    {
        var arrived = new List<FleetInput>();
        while (arrived.Count < MaxBatch && reader.TryRead(out var input))
        {
            arrived.Add(input);
        }

        var now = clock.GetUtcNow();
        if (TakeDirect(arrived, now))
        {
            PublishOutgoing(now);
        }

        batch.AddRange(arrived);
    }

    /// <summary>The command for the lock's handed-over delta from the version it holds; null when it needs planning from the database.</summary>
    private static (PlannedCommand Plan, string? TraceParent)? DirectPlan(LockRuntime runtime)
    {
        if (runtime.ForceFull || runtime.ReportedLockdown || runtime.DeltaFromApplied() is not { } delta)
        {
            return null;
        }

        var command = new ApplyCredentials
        {
            CommandId = SyncPlanner.NewId("apply"),
            Lock = runtime.LockId,
            FromVersion = delta.FromVersion,
            ToVersion = delta.ToVersion,
            Upserts = delta.Upserts,
            Removals = delta.Removals,
            Revocations = delta.Revocations,
        };
        return (new PlannedCommand(command, delta.ToVersion), delta.TraceParent);
    }

    /// <summary>
    /// A turn without the database, when only local commits with their deltas arrived and every lock
    /// that is due now can be sent its delta; false (nothing changed that the full turn would not
    /// redo the same way) otherwise.
    /// </summary>
    private bool TryDirectTurn(List<FleetInput> batch, DateTimeOffset now)
    {
        if (!Options.DirectDeltas || Options.VerifyDirectDeltas || !_brokerUp || ownership.IsClustered || batch.Count == 0 || _applied.Count > 0 || now >= _nextSafetyScan)
        {
            return false;
        }

        if (!batch.TrueForAll(IsDirect) || NextTimer() <= now)
        {
            return false;
        }

        foreach (var committed in batch.Cast<FleetInput.OutboxCommitted>())
        {
            // As the full turn's OnCommittedAsync does (idempotent, so falling back below repeats it harmlessly).
            foreach (var id in committed.LockIds)
            {
                MarkCommitted(_byId[id], now);
            }

            RememberDeltas(committed, committed.LockIds);
        }

        var sends = new List<(LockRuntime Runtime, PlannedCommand Plan, string? TraceParent)>();
        var done = new List<LockRuntime>();
        foreach (var id in _dirty)
        {
            var runtime = _byId[id];
            if (!ownership.Owns(id))
            {
                done.Add(runtime);
                continue;
            }

            if (!runtime.IsReachable || (runtime.RetryAt is { } retry && now < retry))
            {
                continue; // stays dirty, as in PlanAsync
            }

            if (runtime.Unlocks.Values.Any(u => u.SentAt is null))
            {
                return false; // sending an unlock records it
            }

            if (runtime.Inflight is not null || runtime.Parked)
            {
                done.Add(runtime);
            }
            else if (DirectPlan(runtime) is { } direct)
            {
                sends.Add((runtime, direct.Plan, direct.TraceParent));
            }
            else
            {
                return false;
            }
        }

        foreach (var runtime in done)
        {
            _dirty.Remove(runtime.Id);
            runtime.RetryAt = null;
        }

        foreach (var (runtime, plan, trace) in sends)
        {
            _dirty.Remove(runtime.Id);
            runtime.RetryAt = null;
            Send(runtime, plan, trace, now);
        }

        metrics.DirectDeltasSent(sends.Count, withoutTransaction: true);
        return true;
    }

    /// <summary>
    /// Locks:VerifyDirectDeltas (tests): plans each directly sent lock from the database too and
    /// logs (4026) any difference; the direct command is sent either way.
    /// </summary>
    private async Task VerifyDirectAsync(GuestAccessDb db, IReadOnlyList<(LockRuntime Runtime, PlannedCommand Plan, string? TraceParent)> direct, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var planned = (await SyncPlanner.PlanManyAsync(db, direct.Select(d => d.Runtime).ToList(), now, cancellationToken)).ToDictionary(o => o.Lock.Id);
        foreach (var (runtime, plan, _) in direct)
        {
            var expected = planned.GetValueOrDefault(runtime.Id)?.Plan?.Command;
            if (expected is ApplyCredentials { } fromDatabase && fromDatabase.ToVersion != plan.TargetVersion)
            {
                metrics.DirectDeltaChecked(null); // a later change is committed too: not comparable
                continue;
            }

            var difference = Difference((ApplyCredentials)plan.Command, expected);
            metrics.DirectDeltaChecked(difference is null);
            if (difference is not null)
            {
                LockFleetLog.DirectDeltaDiffers(logger, runtime.LockId.Value, difference);
            }
        }
    }

    private static string? Difference(ApplyCredentials direct, LockCommand? planned)
    {
        if (planned is not ApplyCredentials fromDatabase)
        {
            return $"the database plans {planned?.Type ?? "nothing"}";
        }

        if (direct.FromVersion != fromDatabase.FromVersion || direct.ToVersion != fromDatabase.ToVersion)
        {
            return $"versions {direct.FromVersion}->{direct.ToVersion} against {fromDatabase.FromVersion}->{fromDatabase.ToVersion}";
        }

        // Times as the wire carries them (whole seconds); the database keeps microseconds, the staged entity ticks.
        static string Pins(IEnumerable<LockProtocol.Credentials.PinCredential> pins) =>
            string.Join('|', pins.OrderBy(p => p.CredentialId, StringComparer.Ordinal).Select(p => $"{p.CredentialId},{p.GrantId},{p.Salt},{p.Hash},{p.NotBefore.ToUnixTimeSeconds()},{p.NotAfter.ToUnixTimeSeconds()},{JsonSerializer.Serialize(p.Schedule)}"));
        static string Ids(IEnumerable<string> ids) => string.Join('|', ids.Order(StringComparer.Ordinal));
        static string Revocations(IEnumerable<LockProtocol.Credentials.RevocationEntry> entries) =>
            string.Join('|', entries.OrderBy(r => r.CredentialId, StringComparer.Ordinal).Select(r => $"{r.CredentialId},{r.Until.ToUnixTimeSeconds()}"));

        return Pins(direct.Upserts) != Pins(fromDatabase.Upserts) ? $"upserts [{Pins(direct.Upserts)}] against [{Pins(fromDatabase.Upserts)}]"
            : Ids(direct.Removals) != Ids(fromDatabase.Removals) ? $"removals [{Ids(direct.Removals)}] against [{Ids(fromDatabase.Removals)}]"
            : Revocations(direct.Revocations) != Revocations(fromDatabase.Revocations) ? $"revocations [{Revocations(direct.Revocations)}] against [{Revocations(fromDatabase.Revocations)}]"
            : null;
    }
}
