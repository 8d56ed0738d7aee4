using System.Globalization;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>The credentials command that brings a lock from what it reported to the desired state, and the version it reaches.</summary>
internal sealed record PlannedCommand(LockCommand Command, long TargetVersion);

/// <summary>What one lock needs: a command, nothing (both fields null), or more PINs than it takes (<see cref="Overflow"/>).</summary>
internal sealed record PlanOutcome(LockRuntime Lock, PlannedCommand? Plan, LockCapacityException? Overflow);

/// <summary>A lock's desired state as stored, and the applied version last written for it.</summary>
internal sealed record LockTarget(Guid LockId, long DesiredVersion, long StoredApplied, LockLifecycle Lifecycle, bool Lockdown, string? LockdownReason, long DeltaFloor);

/// <summary>
/// Decides what a lock needs: nothing; a <c>lockdown</c> (the site is locked down); a delta
/// (<c>apply_credentials</c> from the lock's applied version); or a full <c>sync_credentials</c>
/// when the lock is behind the delta floor, ahead of the server, leaving lockdown, answered
/// <c>version_gap</c>, or the delta would exceed a list's 1,000 entries.
/// </summary>
internal static partial class SyncPlanner
{
    public const int MaxEntries = 1000;

    /// <summary>
    /// Plans every lock of <paramref name="runtimes"/> with a fixed number of queries (their
    /// targets; the deltas of all that need one), not a few per lock: a lock that already holds
    /// its desired state costs nothing beyond the one targets query. Full syncs, and deltas that
    /// cannot be read in the shared query, are planned lock by lock.
    /// </summary>
    public static async Task<IReadOnlyList<PlanOutcome>> PlanManyAsync(GuestAccessDb db, IReadOnlyList<LockRuntime> runtimes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = runtimes.Select(r => r.Id).ToList();
        var targets = await (from l in db.Locks
                             join s in db.LockSyncStates() on l.Id equals s.LockId into states
                             from s in states.DefaultIfEmpty()
                             where ids.Contains(l.Id)
                             select new LockTarget(l.Id, l.DesiredVersion, l.AppliedVersion, l.Lifecycle, s != null && s.Lockdown, s == null ? null : s.LockdownReason, s == null ? 0 : s.DeltaFloor))
            .AsNoTracking().ToDictionaryAsync(t => t.LockId, cancellationToken);
        var outcomes = new List<PlanOutcome>(runtimes.Count);
        var deltas = new List<(LockRuntime Runtime, LockTarget Target)>();
        foreach (var runtime in runtimes)
        {
            var target = targets.GetValueOrDefault(runtime.Id);
            switch (Decide(runtime, target))
            {
                case Need.Nothing:
                    break;
                case Need.Lockdown:
                    outcomes.Add(new PlanOutcome(runtime, LockdownPlan(runtime, target!), null));
                    break;
                case Need.Delta:
                    deltas.Add((runtime, target!));
                    break;
                case Need.Full:
                    outcomes.Add(await FullOrOverflowAsync(db, runtime, target!.DesiredVersion, now, cancellationToken));
                    break;
            }
        }

        foreach (var (runtime, target, delta) in await DeltasAsync(db, deltas, now, cancellationToken))
        {
            outcomes.Add(delta is not null
                ? new PlanOutcome(runtime, new PlannedCommand(delta, target.DesiredVersion), null)
                : await FullOrOverflowAsync(db, runtime, target.DesiredVersion, now, cancellationToken));
        }

        return outcomes;
    }

    private static Need Decide(LockRuntime runtime, LockTarget? target)
    {
        if (target is null || target.Lifecycle != LockLifecycle.Provisioned)
        {
            return Need.Nothing;
        }

        var applied = runtime.Applied;
        var desired = target.DesiredVersion;
        if (target.Lockdown)
        {
            return runtime.ReportedLockdown && applied == desired ? Need.Nothing : Need.Lockdown;
        }

        if (applied == desired && !runtime.ReportedLockdown)
        {
            return Need.Nothing;
        }

        return runtime.ForceFull || runtime.ReportedLockdown || applied < target.DeltaFloor || applied > desired ? Need.Full : Need.Delta;
    }

    private static PlannedCommand LockdownPlan(LockRuntime runtime, LockTarget target) =>
        new(new Lockdown { CommandId = NewId("lockdown"), Lock = runtime.LockId, Version = target.DesiredVersion, Reason = target.LockdownReason ?? "Site lockdown" }, target.DesiredVersion);

    private static async Task<PlanOutcome> FullOrOverflowAsync(GuestAccessDb db, LockRuntime runtime, long desired, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return new PlanOutcome(runtime, await FullAsync(db, runtime, desired, now, cancellationToken), null);
        }
        catch (LockCapacityException e)
        {
            return new PlanOutcome(runtime, null, e);
        }
    }

    private static async Task<PlannedCommand> FullAsync(GuestAccessDb db, LockRuntime runtime, long desired, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var present = await db.LockCredentialEntries().AsNoTracking()
            .Where(e => e.LockId == runtime.Id && e.Kind == LockCredentialKind.Pin && e.RemovedVersion == null && e.NotAfter > now)
            .OrderByDescending(e => e.AddedVersion)
            .Take(MaxEntries + 1)
            .ToListAsync(cancellationToken);
        if (present.Count > MaxEntries)
        {
            throw new LockCapacityException(present.Count);
        }

        // More revocations than a command carries: keep those that end last (the rest end sooner
        // and are refused by their own window); in practice a lock holds a handful.
        var revocations = await Revocations(db, runtime.Id, now).OrderByDescending(r => r.Until).Take(MaxEntries).ToListAsync(cancellationToken);
        return new PlannedCommand(
            new SyncCredentials
            {
                CommandId = NewId("sync"),
                Lock = runtime.LockId,
                Version = desired,
                Lockdown = false,
                Credentials = present.Select(ToWire).ToList(),
                Revocations = revocations.Select(ToWire).ToList(),
            },
            desired);
    }

    private enum Need
    {
        Nothing,
        Lockdown,
        Delta,
        Full,
    }

    private static IQueryable<LockRevocationEntry> Revocations(GuestAccessDb db, Guid lockId, DateTimeOffset now) =>
        db.LockRevocationEntries().AsNoTracking().Where(r => r.LockId == lockId && r.Until > now);

    internal static PinCredential ToWire(LockCredentialEntry entry) => new()
    {
        CredentialId = LockWireIds.Credential(entry.CredentialId),
        GrantId = LockWireIds.Grant(entry.GrantId),
        Salt = WireBase64.Encode(entry.Salt),
        Hash = WireBase64.Encode(entry.Hash),
        NotBefore = entry.NotBefore,
        NotAfter = entry.NotAfter,
        Schedule = entry.Schedule is null ? null : ScheduleMapping.Deserialize(entry.Schedule),
    };

    internal static RevocationEntry ToWire(LockRevocationEntry entry) =>
        new() { CredentialId = LockWireIds.Credential(entry.CredentialId), Until = entry.Until };

    internal static string NewId(string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{Guid.CreateVersion7():N}");
}

/// <summary>The desired set holds more PINs than a lock accepts (1,000): nothing is sent, the doors are marked failed.</summary>
internal sealed class LockCapacityException(int count) : Exception($"The desired credential set holds {count} or more PINs; a lock takes at most {SyncPlanner.MaxEntries}.");
