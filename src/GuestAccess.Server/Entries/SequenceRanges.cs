namespace GuestAccess.Server.Entries;

/// <summary>
/// The set of stored sequences of one lock as sorted, disjoint, non-adjacent ranges: one range
/// [1, n] when nothing is missing, one more per gap. Appending the next sequence is O(1).
/// </summary>
public sealed class SequenceRanges
{
    private readonly List<(long From, long To)> _ranges = [];

    public long ContiguousUpTo => _ranges.Count > 0 && _ranges[0].From == 1 ? _ranges[0].To : 0;

    public long Highest => _ranges.Count > 0 ? _ranges[^1].To : 0;

    public int RangeCount => _ranges.Count;

    public bool Contains(long sequence)
    {
        var i = IndexOfRangeStartingAtOrBefore(sequence);
        return i >= 0 && sequence <= _ranges[i].To;
    }

    /// <summary>Adds a sequence; false when it was already there.</summary>
    public bool Add(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        if (_ranges.Count > 0 && _ranges[^1].To + 1 == sequence)
        {
            _ranges[^1] = (_ranges[^1].From, sequence); // the common case: the next one
            return true;
        }

        var i = IndexOfRangeStartingAtOrBefore(sequence);
        if (i >= 0 && sequence <= _ranges[i].To)
        {
            return false;
        }

        var joinsLeft = i >= 0 && _ranges[i].To + 1 == sequence;
        var joinsRight = i + 1 < _ranges.Count && _ranges[i + 1].From == sequence + 1;
        if (joinsLeft && joinsRight)
        {
            _ranges[i] = (_ranges[i].From, _ranges[i + 1].To);
            _ranges.RemoveAt(i + 1);
        }
        else if (joinsLeft)
        {
            _ranges[i] = (_ranges[i].From, sequence);
        }
        else if (joinsRight)
        {
            _ranges[i + 1] = (sequence, _ranges[i + 1].To);
        }
        else
        {
            _ranges.Insert(i + 1, (sequence, sequence));
        }

        return true;
    }

    /// <summary>Adds the range [from, to] to an empty set or after its highest sequence.</summary>
    public void AddRange(long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        if (from <= Highest)
        {
            throw new ArgumentException("A range can only be added above the highest sequence.", nameof(from));
        }

        if (_ranges.Count > 0 && _ranges[^1].To + 1 == from)
        {
            _ranges[^1] = (_ranges[^1].From, to);
        }
        else
        {
            _ranges.Add((from, to));
        }
    }

    /// <summary>The missing ranges between 1 and <see cref="Highest"/>, oldest first.</summary>
    public IReadOnlyList<SequenceGap> Gaps(int max)
    {
        var gaps = new List<SequenceGap>();
        var expected = 1L;
        foreach (var (from, to) in _ranges)
        {
            if (gaps.Count == max)
            {
                break;
            }

            if (from > expected)
            {
                gaps.Add(new SequenceGap(expected, from - 1));
            }

            expected = to + 1;
        }

        return gaps;
    }

    private int IndexOfRangeStartingAtOrBefore(long sequence)
    {
        int low = 0, high = _ranges.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (_ranges[middle].From <= sequence)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
