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

/// <summary>
/// Decides what a lock needs: nothing; a <c>lockdown</c> (the site is locked down); a delta
/// (<c>apply_credentials</c> from the lock's applied version); or a full <c>sync_credentials</c>
/// when the lock is behind the delta floor, ahead of the server, leaving lockdown, answered
/// <c>version_gap</c>, or the delta would exceed a list's 1,000 entries.
/// </summary>
internal static class SyncPlanner
{
    public const int MaxEntries = 1000;

    public static async Task<PlannedCommand?> PlanAsync(GuestAccessDb db, LockRuntime runtime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var target = await (from l in db.Locks
                            join s in db.LockSyncStates() on l.Id equals s.LockId into states
                            from s in states.DefaultIfEmpty()
                            where l.Id == runtime.Id
                            select new { l.DesiredVersion, l.Lifecycle, Lockdown = s != null && s.Lockdown, LockdownReason = s == null ? null : s.LockdownReason, DeltaFloor = s == null ? 0 : s.DeltaFloor })
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (target is null || target.Lifecycle != LockLifecycle.Provisioned)
        {
            return null;
        }

        var desired = target.DesiredVersion;
        var applied = runtime.Applied;
        if (target.Lockdown)
        {
            return runtime.ReportedLockdown && applied == desired
                ? null
                : new PlannedCommand(new Lockdown { CommandId = NewId("lockdown"), Lock = runtime.LockId, Version = desired, Reason = target.LockdownReason ?? "Site lockdown" }, desired);
        }

        if (applied == desired && !runtime.ReportedLockdown)
        {
            return null;
        }

        var full = runtime.ForceFull || runtime.ReportedLockdown || applied < target.DeltaFloor || applied > desired;
        if (!full && await DeltaAsync(db, runtime, applied, desired, now, cancellationToken) is { } delta)
        {
            return new PlannedCommand(delta, desired);
        }

        return await FullAsync(db, runtime, desired, now, cancellationToken);
    }

    private static async Task<LockCommand?> DeltaAsync(GuestAccessDb db, LockRuntime runtime, long applied, long desired, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await db.LockCredentialEntries().AsNoTracking()
            .Where(e => e.LockId == runtime.Id && e.Kind == LockCredentialKind.Pin
                && ((e.RemovedVersion == null && e.AddedVersion > applied) || e.RemovedVersion > applied))
            .OrderBy(e => e.AddedVersion)
            .Take((2 * MaxEntries) + 1)
            .ToListAsync(cancellationToken);
        var upserts = changed.Where(e => e.RemovedVersion is null).ToList();
        var removals = changed.Where(e => e.RemovedVersion is not null).ToList();
        var revocations = await Revocations(db, runtime.Id, now).Where(r => r.AddedVersion > applied).OrderBy(r => r.AddedVersion).Take(MaxEntries + 1).ToListAsync(cancellationToken);
        if (upserts.Count > MaxEntries || removals.Count > MaxEntries || revocations.Count > MaxEntries)
        {
            return null;
        }

        return new ApplyCredentials
        {
            CommandId = NewId("apply"),
            Lock = runtime.LockId,
            FromVersion = applied,
            ToVersion = desired,
            Upserts = upserts.Select(ToWire).ToList(),
            Removals = removals.Select(e => LockWireIds.Credential(e.CredentialId)).ToList(),
            Revocations = revocations.Select(ToWire).ToList(),
        };
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

    private static IQueryable<LockRevocationEntry> Revocations(GuestAccessDb db, Guid lockId, DateTimeOffset now) =>
        db.LockRevocationEntries().AsNoTracking().Where(r => r.LockId == lockId && r.Until > now);

    private static PinCredential ToWire(LockCredentialEntry entry) => new()
    {
        CredentialId = LockWireIds.Credential(entry.CredentialId),
        GrantId = LockWireIds.Grant(entry.GrantId),
        Salt = WireBase64.Encode(entry.Salt),
        Hash = WireBase64.Encode(entry.Hash),
        NotBefore = entry.NotBefore,
        NotAfter = entry.NotAfter,
        Schedule = entry.Schedule is null ? null : ScheduleMapping.Deserialize(entry.Schedule),
    };

    private static RevocationEntry ToWire(LockRevocationEntry entry) =>
        new() { CredentialId = LockWireIds.Credential(entry.CredentialId), Until = entry.Until };

    internal static string NewId(string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{Guid.CreateVersion7():N}");
}

/// <summary>The desired set holds more PINs than a lock accepts (1,000): nothing is sent, the doors are marked failed.</summary>
internal sealed class LockCapacityException(int count) : Exception($"The desired credential set holds {count} or more PINs; a lock takes at most {SyncPlanner.MaxEntries}.");
