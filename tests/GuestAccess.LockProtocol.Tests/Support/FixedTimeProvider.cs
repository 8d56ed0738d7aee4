namespace GuestAccess.LockProtocol.Tests.Support;

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Counters handed out in order from a list, to make signed commands deterministic.</summary>
internal sealed class SequenceCounterSource(params long[] counters) : GuestAccess.LockProtocol.Signing.ICommandCounterSource
{
    private int _next;

    public long Next(GuestAccess.LockProtocol.Topics.LockId lockId) => counters[_next++];
}
