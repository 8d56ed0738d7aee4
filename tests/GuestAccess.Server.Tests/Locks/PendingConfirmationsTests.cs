using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Entries;
using GuestAccess.Server.Locks.Inbound;

namespace GuestAccess.Server.Tests.Locks;

public sealed class PendingConfirmationsTests
{
    private static readonly LockId Lock = LockId.Parse("dokk1-test-doer");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private long _now = 1_000 * TimeSpan.TicksPerSecond;

    [Fact]
    public void Add_FirstStoredBatch_IsConfirmedAtOnce()
    {
        var pending = Create();

        var now = pending.Add(Lock, Stored(upTo: 3, 1, 2, 3));

        Assert.Equal((3L, 0), (now!.UpTo, now.Above.Count));
        Assert.Empty(pending.TakeDue());
    }

    [Fact]
    public void Add_MoreWithinTheInterval_IsMergedIntoOneConfirmationWhenItEnds()
    {
        var pending = Create();
        pending.Add(Lock, Stored(upTo: 1, 1));

        Assert.Null(pending.Add(Lock, Stored(upTo: 2, 2)));
        Assert.Null(pending.Add(Lock, Stored(upTo: 2, 5, 7))); // 3, 4 and 6 not stored yet
        Assert.Null(pending.Add(Lock, Stored(upTo: 4, 3, 4)));
        Assert.Empty(pending.TakeDue());
        _now += Interval.Ticks;
        var due = Assert.Single(pending.TakeDue());

        Assert.Equal(4, due.UpTo);
        Assert.Equal([5L, 7L], due.Above);
        Assert.Equal(0, pending.Waiting);
    }

    [Fact]
    public void Add_NothingStored_ConfirmsNothing()
    {
        var pending = Create();

        Assert.Null(pending.Add(Lock, Stored(upTo: 0)));
        _now += Interval.Ticks;
        Assert.Empty(pending.TakeDue());
    }

    [Fact]
    public void Add_AfterAQuietInterval_IsConfirmedAtOnceAgain()
    {
        var pending = Create();
        pending.Add(Lock, Stored(upTo: 1, 1));
        _now += Interval.Ticks;
        Assert.Empty(pending.TakeDue()); // nothing merged: the lock is forgotten

        var now = pending.Add(Lock, Stored(upTo: 2, 2));

        Assert.Equal(2, now!.UpTo);
    }

    [Fact]
    public void Add_LocksArePacedIndependently()
    {
        var pending = Create();
        var other = LockId.Parse("dokk1-other-doer");
        pending.Add(Lock, Stored(upTo: 1, 1));

        Assert.NotNull(pending.Add(other, Stored(upTo: 1, 1)));
        Assert.Null(pending.Add(Lock, Stored(upTo: 2, 2)));
    }

    private PendingConfirmations Create() => new(Interval, () => _now);

    private static IngestResult Stored(long upTo, params long[] stored) => new()
    {
        LockId = Guid.NewGuid(),
        Stored = stored,
        NewlyStored = stored.Length,
        ContiguousUpTo = upTo,
        HighestStored = stored.Length == 0 ? upTo : Math.Max(upTo, stored.Max()),
        Gaps = [],
        Rejected = [],
        Conflicting = [],
    };
}
