using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>Hands out command counters: strictly increasing per lock, gaps allowed.</summary>
public interface ICommandCounterSource
{
    long Next(LockId lockId);
}

/// <summary>
/// One counter for all locks: Unix time in microseconds, bumped by one when two commands fall in
/// the same microsecond. Strictly increasing within a process and across restarts as long as the
/// wall clock does not step back; a server that cannot promise that (several instances, clock
/// steps) persists per-lock counters instead and implements <see cref="ICommandCounterSource"/>.
/// Values stay below 2^53 until the year 2255, so they are exact as JSON numbers everywhere.
/// </summary>
public sealed class ClockCommandCounterSource(TimeProvider? timeProvider = null) : ICommandCounterSource
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _last;

    public long Next(LockId lockId)
    {
        var now = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}

/// <summary>What a lock remembers about the last command it accepted (persist it before acting).</summary>
public readonly record struct CommandCounterState(long LastCounter, string? LastCommandId)
{
    public static CommandCounterState Initial => new(0, null);
}
