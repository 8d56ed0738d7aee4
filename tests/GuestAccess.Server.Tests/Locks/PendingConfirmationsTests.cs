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

    [Fact]
    public void TakeAll_BeforeTheIntervalEnds_ReturnsEveryMergedConfirmationAndForgetsTheLocks()
    {
        var pending = Create();
        var other = LockId.Parse("dokk1-other-doer");
        pending.Add(Lock, Stored(upTo: 1, 1));
        pending.Add(other, Stored(upTo: 1, 1));
        pending.Add(Lock, Stored(upTo: 3, 2, 3));
        pending.Add(other, Stored(upTo: 1, 4));

        var all = pending.TakeAll().OrderBy(c => c.LockId.Value).ToList();

        Assert.Equal([other, Lock], all.Select(c => c.LockId));
        Assert.Equal([(1L, 1), (3L, 0)], all.Select(c => (c.UpTo, c.Above.Count)));
        Assert.Equal(0, pending.Waiting);
        Assert.NotNull(pending.Add(Lock, Stored(upTo: 5, 4, 5))); // forgotten: the next one goes at once
    }

    [Fact]
    public void TakeAll_MoreThanOneCommandHolds_SplitsThem()
    {
        var pending = Create();
        pending.Add(Lock, Stored(upTo: 1, 1));
        var above = Enumerable.Range(0, GuestAccess.LockProtocol.Messages.ConfirmEvents.MaxSequences + 5).Select(i => 10L + (2 * i)).ToArray();
        pending.Add(Lock, Stored(upTo: 1, above));

        var all = pending.TakeAll();

        Assert.Equal(2, all.Count);
        Assert.Equal(above, all.SelectMany(c => c.Above));
    }

    [Fact]
    public void TakeAll_NothingMerged_ReturnsNothing()
    {
        var pending = Create();
        pending.Add(Lock, Stored(upTo: 1, 1)); // confirmed at once

        Assert.Empty(pending.TakeAll());
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
