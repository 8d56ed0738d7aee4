namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// The lock's own real-time clock: a base time source plus a skew that faults, tests and the
/// control surface can change (the lock decides credential windows with it). It survives a
/// simulated power cycle, like a battery-backed RTC. Thread-safe.
/// </summary>
public sealed class LockClock(TimeProvider? timeProvider = null, TimeSpan skew = default)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _skewTicks = skew.Ticks;

    /// <summary>How far this clock is ahead (positive) or behind (negative) the base time.</summary>
    public TimeSpan Skew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));
        set => Interlocked.Exchange(ref _skewTicks, value.Ticks);
    }

    public DateTimeOffset Now => _time.GetUtcNow() + Skew;

    /// <summary>Sets the clock to <paramref name="instant"/> (it keeps running from there).</summary>
    public void Set(DateTimeOffset instant) => Skew = instant - _time.GetUtcNow();

    /// <summary>Steps the clock forward to <paramref name="instant"/> if it is behind it; never backwards.</summary>
    public bool StepForwardTo(DateTimeOffset instant)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _skewTicks);
            var wanted = (instant - _time.GetUtcNow()).Ticks;
            if (wanted <= current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _skewTicks, wanted, current) == current)
            {
                return true;
            }
        }
    }
}
