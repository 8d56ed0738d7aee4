using GuestAccess.Server.Entries;

namespace GuestAccess.Server.Tests.Entries;

public sealed class SequenceRangesTests
{
    [Fact]
    public void Add_InOrder_IsOneContiguousRange()
    {
        var ranges = new SequenceRanges();
        for (var s = 1; s <= 1000; s++)
        {
            Assert.True(ranges.Add(s));
        }

        Assert.Equal((1000L, 1000L, 1), (ranges.ContiguousUpTo, ranges.Highest, ranges.RangeCount));
        Assert.Empty(ranges.Gaps(10));
        Assert.False(ranges.Add(500));
    }

    [Fact]
    public void Add_WithHoles_ReportsGapsUntilFilled()
    {
        var ranges = new SequenceRanges();
        foreach (var s in new long[] { 1, 2, 5, 6, 9 })
        {
            ranges.Add(s);
        }

        Assert.Equal(2, ranges.ContiguousUpTo);
        Assert.Equal([new SequenceGap(3, 4), new SequenceGap(7, 8)], ranges.Gaps(10));
        Assert.Equal([new SequenceGap(3, 4)], ranges.Gaps(1));

        ranges.Add(3);
        ranges.Add(4);
        ranges.Add(8);
        ranges.Add(7);

        Assert.Equal((9L, 1), (ranges.ContiguousUpTo, ranges.RangeCount));
    }

    [Fact]
    public void Add_FirstSequenceMissing_ContiguousIsZero()
    {
        var ranges = new SequenceRanges();
        ranges.AddRange(3, 10);

        Assert.Equal(0, ranges.ContiguousUpTo);
        Assert.Equal([new SequenceGap(1, 2)], ranges.Gaps(5));
    }

    [Fact]
    public void Add_RandomOrder_AgreesWithASetModel()
    {
        var random = new Random(20261121);
        for (var round = 0; round < 200; round++)
        {
            var ranges = new SequenceRanges();
            var model = new SortedSet<long>();
            for (var i = 0; i < 60; i++)
            {
                var s = random.NextInt64(1, 80);
                Assert.Equal(model.Add(s), ranges.Add(s));
            }

            for (long s = 1; s <= 81; s++)
            {
                Assert.Equal(model.Contains(s), ranges.Contains(s));
            }

            var contiguous = 0L;
            while (model.Contains(contiguous + 1))
            {
                contiguous++;
            }

            Assert.Equal(contiguous, ranges.ContiguousUpTo);
            Assert.Equal(model.Max, ranges.Highest);
            var missing = ranges.Gaps(int.MaxValue).SelectMany(g => Enumerable.Range((int)g.From, (int)(g.To - g.From + 1)).Select(x => (long)x));
            Assert.Equal(Enumerable.Range(1, (int)model.Max).Select(x => (long)x).Except(model), missing);
        }
    }
}
