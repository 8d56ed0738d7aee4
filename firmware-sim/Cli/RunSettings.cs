using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Support;
using GuestAccess.Mqtt;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Cli;

/// <summary>Everything <c>guestaccess-sim run</c> was told.</summary>
public sealed record RunSettings
{
    public required FileInfo Provisioning { get; init; }

    public string? Broker { get; init; }

    public FileInfo? CaFile { get; init; }

    public required DirectoryInfo StateDirectory { get; init; }

    /// <summary>0 = OS-chosen, -1 = no control surface.</summary>
    public int ControlPort { get; init; }

    public FileInfo? Scenario { get; init; }

    public bool KeepRunning { get; init; }

    public double TrafficRate { get; init; }

    public double GrantedRatio { get; init; } = 0.7;

    public FileInfo? TrafficCredentials { get; init; }

    public IReadOnlyList<SkewSetting> Skews { get; init; } = [];

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    public int? Seed { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    public bool FlushToDisk { get; init; } = true;

    public bool StepClockForward { get; init; }

    public TimeSpan? Duration { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}

/// <summary><c>--skew [lock-id:]±duration</c>.</summary>
public sealed record SkewSetting(string? LockId, TimeSpan Skew)
{
    public static SkewSetting Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            ? new SkewSetting(text[..colon], Durations.Parse(text[(colon + 1)..]))
            : new SkewSetting(null, Durations.Parse(text));
    }
}
