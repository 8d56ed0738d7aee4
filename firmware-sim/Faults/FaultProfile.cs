namespace GuestAccess.FirmwareSim.Faults;

/// <summary>
/// What goes wrong for one lock, on purpose. Incoming faults act on commands after the broker
/// delivered them (dropped: the lock never sees it; duplicated: it is handled twice; delayed: it
/// waits before it is handled). Outgoing faults act on replies, events and status before they are
/// published. Drops are harmless by design: the server retries commands, and an event stays in
/// the lock's buffer until the server confirms it.
/// </summary>
public sealed record FaultProfile
{
    public static FaultProfile None { get; } = new();

    /// <summary>Probability 0–1 that an incoming command is dropped.</summary>
    public double DropIncoming { get; init; }

    /// <summary>Probability 0–1 that an incoming command is handled twice.</summary>
    public double DuplicateIncoming { get; init; }

    public DelayRange DelayIncoming { get; init; }

    /// <summary>Probability 0–1 that an outgoing message is not published.</summary>
    public double DropOutgoing { get; init; }

    /// <summary>Probability 0–1 that an outgoing message is published twice.</summary>
    public double DuplicateOutgoing { get; init; }

    public DelayRange DelayOutgoing { get; init; }

    /// <summary>Cut the network connection this often (the lock reconnects by itself).</summary>
    public TimeSpan? DisconnectEvery { get; init; }

    /// <summary>Power-cycle the controller this often.</summary>
    public TimeSpan? RestartEvery { get; init; }

    public bool IsNone => this == None;
}

/// <summary>A delay drawn uniformly from [Min, Max]; zero when both are zero.</summary>
public readonly record struct DelayRange(TimeSpan Min, TimeSpan Max)
{
    public static DelayRange Fixed(TimeSpan delay) => new(delay, delay);

    public bool IsZero => Max <= TimeSpan.Zero;

    public TimeSpan Pick(FaultDice dice)
    {
        ArgumentNullException.ThrowIfNull(dice);
        return IsZero ? TimeSpan.Zero : Min + ((Max - Min) * dice.NextDouble());
    }

    public override string ToString() => Min == Max ? $"{Min.TotalMilliseconds:0}ms" : $"{Min.TotalMilliseconds:0}ms..{Max.TotalMilliseconds:0}ms";
}

/// <summary>The random source of faults and random traffic: seedable for reproducible runs, thread-safe.</summary>
public sealed class FaultDice(int? seed = null)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly Lock _gate = new();

    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    public int Next(int maxExclusive)
    {
        lock (_gate)
        {
            return _random.Next(maxExclusive);
        }
    }

    public bool Chance(double probability) => probability > 0 && (probability >= 1 || NextDouble() < probability);
}
