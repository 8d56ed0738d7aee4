using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.Mqtt;

namespace GuestAccess.FirmwareSim.Fleet;

/// <summary>How a fleet of simulated locks runs. Defaults follow docs/lock-protocol.md.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Where each lock keeps its non-volatile state (one sub-directory per lock id). Required.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The broker; null = the bundle's <c>broker</c>, else <see cref="BrokerEndpoint.Default"/>.</summary>
    public BrokerEndpoint? Broker { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>The base time of every lock clock (each adds its own skew).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The skew every lock clock starts with.</summary>
    public TimeSpan InitialSkew { get; init; }

    /// <summary>The command clock-skew allowance (docs section 6.1).</summary>
    public TimeSpan ClockSkewAllowance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Step the clock forward to a verified command's issuedAt when it is ahead by more than the allowance (docs section 12, optional).</summary>
    public bool StepClockForward { get; init; }

    public KeypadLockoutPolicy KeypadLockout { get; init; } = KeypadLockoutPolicy.Default;

    /// <summary>PIN credentials a lock can hold; a larger set is refused with capacity_exceeded.</summary>
    public int MaxCredentials { get; init; } = 1000;

    /// <summary>Unconfirmed events a lock keeps; beyond it the oldest are dropped and an events_dropped event records how many.</summary>
    public int EventBufferCapacity { get; init; } = 10_000;

    /// <summary>fsync every state write (true, the realistic default) or leave it to the OS (faster for huge fleets; survives kill -9 but not a host crash).</summary>
    public bool FlushToDisk { get; init; } = true;

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The persistent session the broker keeps while a lock is away (at least a day).</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(2);

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connection attempts in progress at once across the fleet (avoids a connect storm).</summary>
    public int ConnectConcurrency { get; init; } = 32;

    /// <summary>How often an online lock republishes its status (docs section 10: at least every 15 minutes).</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// While a lock holds events it published this long ago without a confirmation, it publishes its
    /// status again at this interval, so the server notices events or confirmations lost on the way
    /// (docs sections 9 and 10).
    /// </summary>
    public TimeSpan UnconfirmedStatusInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Battery charge every lock starts with; null = mains powered (no batteryPercent in status).</summary>
    public int? BatteryPercent { get; init; } = 100;

    /// <summary>Faults applied to every lock at start (change them later per lock).</summary>
    public FaultProfile Faults { get; init; } = FaultProfile.None;

    /// <summary>Seed of the fault and traffic dice, for reproducible runs.</summary>
    public int? RandomSeed { get; init; }

    public string Firmware { get; init; } = "ga-sim/1.0.0";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            throw new ArgumentException("A state directory is required.", nameof(StateDirectory));
        }

        if (MaxCredentials is < 1 or > 1000 || EventBufferCapacity < 10 || ConnectConcurrency < 1)
        {
            throw new ArgumentException("MaxCredentials is 1-1000, EventBufferCapacity at least 10, ConnectConcurrency at least 1.");
        }

        if (ClockSkewAllowance < TimeSpan.Zero || KeepAlive < TimeSpan.FromSeconds(1) || SessionExpiry < TimeSpan.FromDays(1) || StatusInterval <= TimeSpan.Zero || UnconfirmedStatusInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("ClockSkewAllowance >= 0, KeepAlive >= 1 s, SessionExpiry >= 1 day, StatusInterval > 0 and UnconfirmedStatusInterval > 0 are required.");
        }

        if (BatteryPercent is < 0 or > 100)
        {
            throw new ArgumentException("BatteryPercent is 0-100 or null.");
        }
    }
}
