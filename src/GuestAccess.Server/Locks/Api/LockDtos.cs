using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Locks.Store;

namespace GuestAccess.Server.Locks.Api;

/// <summary>
/// A lock controller and what the server knows about it. <c>LockId</c> is its id on the wire;
/// <c>InSync</c>: it has acknowledged the desired credential set; <c>ClockSkewSeconds</c>: lock
/// clock minus server clock at its last status; <c>Lockdown</c>: its site is locked down;
/// <c>PendingChanges</c>: staged changes it has not acknowledged; <c>LastFailure</c>: why the
/// oldest of them has not arrived (<c>lock_offline</c>, <c>ack_timeout</c>, <c>rejected_…</c>).
/// </summary>
public sealed record LockDto(
    Guid Id,
    string LockId,
    Guid DoorId,
    string Door,
    string DoorName,
    string Site,
    LockLifecycle Lifecycle,
    LockConnectivity Connectivity,
    DateTimeOffset? LastSeenAt,
    int? BatteryPercent,
    string? Firmware,
    long DesiredVersion,
    long AppliedVersion,
    bool InSync,
    double? ClockSkewSeconds,
    bool Lockdown,
    int PendingChanges,
    string? LastFailure);

/// <summary>Open one door once, now.</summary>
/// <param name="Reason">Why (kept in the audit log): 1–200 characters.</param>
/// <param name="DurationSeconds">How long the door stays released: 1–60 seconds, default 5.</param>
public sealed record RemoteUnlockRequest(string Reason, int? DurationSeconds) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(!WireText.IsFreeText(Reason?.Trim(), LockOutboxMessage.MaxReasonLength), "reason", "Angiv en begrundelse på 1-200 tegn. / Give a reason of 1-200 characters.")
        .When(DurationSeconds is < 1 or > RemoteUnlock.MaxDurationSeconds, "durationSeconds", "1-60 sekunder. / 1-60 seconds.")
        .ToDictionary();
}

/// <summary>A remote unlock and how it went: <c>pending</c>, <c>applied</c> (the lock opened), <c>failed</c> or <c>expired</c>.</summary>
public sealed record RemoteUnlockDto(long Id, string LockId, string State, string Reason, int DurationSeconds, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, DateTimeOffset? CompletedAt, string? FailureReason);

/// <summary>Lock down a whole site: every lock refuses every credential until it is lifted.</summary>
public sealed record LockdownRequest(string Reason) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(!WireText.IsFreeText(Reason?.Trim(), LockOutboxMessage.MaxReasonLength), "reason", "Angiv en begrundelse på 1-200 tegn. / Give a reason of 1-200 characters.")
        .ToDictionary();
}

public sealed record LockdownDto(string Site, bool Lockdown, int Locks);

/// <summary>Register a controller for a door that has none.</summary>
/// <param name="Door">The door's slug or id.</param>
/// <param name="LockId">The controller's lock id: 1-64 characters of a-z, 0-9 and '-' (normally the door's slug).</param>
public sealed record RegisterLockRequest(string Door, string LockId) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Door), "door", "Angiv døren. / Name the door.")
        .When(!GuestAccess.LockProtocol.Topics.LockId.IsValid(LockId), "lockId", "1-64 tegn: a-z, 0-9 og '-'. / 1-64 characters of a-z, 0-9 and '-'.")
        .ToDictionary();
}
