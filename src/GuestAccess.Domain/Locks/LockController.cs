using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Locks;

/// <summary>Where a controller is in its life.</summary>
public enum LockLifecycle
{
    /// <summary>Registered by an administrator; has no broker credentials yet.</summary>
    Registered,

    /// <summary>Has broker credentials and trusts the server's signing key.</summary>
    Provisioned,

    /// <summary>Taken out of service: its broker credentials no longer work.</summary>
    Decommissioned,
}

/// <summary>Last known connection state, from the controller's retained status and last will.</summary>
public enum LockConnectivity
{
    Unknown,
    Online,
    Offline,
}

/// <summary>
/// The controller at one door. The server owns the desired credential set (with
/// <see cref="DesiredVersion"/>); the controller reports the version it has applied.
/// </summary>
public sealed class LockController
{
    public LockController(Guid id, Guid siteId, Guid doorId, string deviceId)
    {
        Id = id;
        SiteId = siteId;
        DoorId = doorId;
        DeviceId = Slug.Require(deviceId, "Lock device id");
    }

    private LockController()
    {
        DeviceId = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid DoorId { get; private set; }

    /// <summary>The controller's identity on the wire: guestaccess/v1/locks/{DeviceId}/…</summary>
    public string DeviceId { get; private set; }

    public LockLifecycle Lifecycle { get; private set; }

    public LockConnectivity Connectivity { get; private set; }

    public DateTimeOffset? LastSeenAt { get; private set; }

    public int? BatteryPercent { get; private set; }

    public string? FirmwareVersion { get; private set; }

    /// <summary>Version of the credential set the server wants the lock to have.</summary>
    public long DesiredVersion { get; private set; }

    /// <summary>Version of the credential set the lock has acknowledged.</summary>
    public long AppliedVersion { get; private set; }

    /// <summary>Lock clock minus server clock at the last status report.</summary>
    public TimeSpan? ClockSkew { get; private set; }

    public long Version { get; private set; }

    public bool IsInSync => AppliedVersion == DesiredVersion;

    public long BumpDesiredVersion() => ++DesiredVersion;

    public void MarkProvisioned() =>
        Lifecycle = Lifecycle == LockLifecycle.Decommissioned
            ? throw new DomainException("lock_decommissioned", "A decommissioned lock cannot be provisioned again.")
            : LockLifecycle.Provisioned;

    public void Decommission()
    {
        Lifecycle = LockLifecycle.Decommissioned;
        Connectivity = LockConnectivity.Offline;
    }

    public void ReportStatus(LockConnectivity connectivity, DateTimeOffset seenAt, int? batteryPercent, string? firmware, TimeSpan? clockSkew)
    {
        Connectivity = connectivity;
        LastSeenAt = LastSeenAt is { } last && last > seenAt ? last : seenAt;
        BatteryPercent = batteryPercent is null or (>= 0 and <= 100) ? batteryPercent ?? BatteryPercent : throw new ArgumentOutOfRangeException(nameof(batteryPercent));
        FirmwareVersion = firmware ?? FirmwareVersion;
        ClockSkew = clockSkew ?? ClockSkew;
    }

    /// <summary>The lock acknowledged a version; versions only move forward.</summary>
    public void ReportApplied(long version)
    {
        if (version > DesiredVersion)
        {
            throw new DomainException("lock_version_ahead", $"Lock {DeviceId} reports version {version}, ahead of the desired {DesiredVersion}.");
        }

        AppliedVersion = Math.Max(AppliedVersion, version);
    }
}
