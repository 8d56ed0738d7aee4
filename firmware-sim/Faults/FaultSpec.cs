using System.Globalization;
using GuestAccess.FirmwareSim.Support;

namespace GuestAccess.FirmwareSim.Faults;

/// <summary>
/// One fault setting from the command line or the control surface: <c>[lock-id:]name=value</c>,
/// e.g. <c>drop-out=0.1</c>, <c>dokk1-room-3:delay-in=200ms..2s</c>, <c>disconnect-every=30s</c>.
/// Names: drop-in, drop-out, dup-in, dup-out (probability 0–1 or a percentage), delay-in,
/// delay-out (a duration or min..max), disconnect-every, restart-every (a duration; 0 = off).
/// </summary>
public sealed record FaultSpec(string? LockId, string Name, string Value)
{
    public static IReadOnlyList<string> Names { get; } = ["drop-in", "drop-out", "dup-in", "dup-out", "delay-in", "delay-out", "disconnect-every", "restart-every"];

    public static FaultSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException("A fault is [lock-id:]name=value, e.g. drop-out=0.1.");
        }

        var left = text[..equals].Trim();
        var colon = left.IndexOf(':', StringComparison.Ordinal);
        var lockId = colon > 0 ? left[..colon] : null;
        var name = colon > 0 ? left[(colon + 1)..] : left;
        var spec = new FaultSpec(lockId, name, text[(equals + 1)..].Trim());
        spec.ApplyTo(FaultProfile.None);
        return spec;
    }

    /// <summary>The profile with this setting changed. Throws <see cref="FormatException"/> for a bad name or value.</summary>
    public FaultProfile ApplyTo(FaultProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Name switch
        {
            "drop-in" => profile with { DropIncoming = Probability() },
            "drop-out" => profile with { DropOutgoing = Probability() },
            "dup-in" => profile with { DuplicateIncoming = Probability() },
            "dup-out" => profile with { DuplicateOutgoing = Probability() },
            "delay-in" => profile with { DelayIncoming = Delay() },
            "delay-out" => profile with { DelayOutgoing = Delay() },
            "disconnect-every" => profile with { DisconnectEvery = Every() },
            "restart-every" => profile with { RestartEvery = Every() },
            _ => throw new FormatException($"Unknown fault '{Name}'; known: {string.Join(", ", Names)}."),
        };
    }

    private double Probability()
    {
        var text = Value.EndsWith('%') ? Value[..^1] : Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"{Name} takes a probability 0-1 or a percentage.");
        }

        var probability = Value.EndsWith('%') ? number / 100 : number;
        return probability is >= 0 and <= 1 ? probability : throw new FormatException($"{Name} must be between 0 and 1 (or 0%-100%).");
    }

    private DelayRange Delay()
    {
        var parts = Value.Split("..", 2);
        var min = Durations.Parse(parts[0]);
        var max = parts.Length == 2 ? Durations.Parse(parts[1]) : min;
        return min >= TimeSpan.Zero && max >= min ? new DelayRange(min, max) : throw new FormatException($"{Name} must be a duration or min..max.");
    }

    private TimeSpan? Every()
    {
        var every = Durations.Parse(Value);
        return every == TimeSpan.Zero ? null : every;
    }
}
