using System.Globalization;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>A small cursor over a POSIX TZ string; each method consumes one grammar element.</summary>
internal ref struct PosixTzReader(string text)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _pos;

    public readonly bool AtEnd => _pos == _text.Length;

    public readonly bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

    public bool Expect(char c)
    {
        if (!Peek(c))
        {
            return false;
        }

        _pos++;
        return true;
    }

    /// <summary>A zone abbreviation: 3+ letters, or &lt;…&gt; with letters, digits, + and -.</summary>
    public bool Name()
    {
        var start = _pos;
        if (Expect('<'))
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '+' or '-'))
            {
                _pos++;
            }

            return _pos - start - 1 >= 3 && Expect('>');
        }

        while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos]))
        {
            _pos++;
        }

        return _pos - start >= 3;
    }

    /// <summary>An offset west of UTC: [+|-]hh[:mm[:ss]], hours 0–24.</summary>
    public bool Offset(out TimeSpan west) => Time(out west, maxHours: 24);

    /// <summary>A transition date (Mm.w.d, Jn or n) with an optional /time (default 02:00).</summary>
    public bool Transition(out PosixTransition transition)
    {
        transition = null!;
        PosixDateKind kind;
        int month = 0, week = 0, day;
        if (Expect('M'))
        {
            kind = PosixDateKind.MonthWeekDay;
            if (!Number(out month, 1, 12) || !Expect('.') || !Number(out week, 1, 5) || !Expect('.') || !Number(out day, 0, 6))
            {
                return false;
            }
        }
        else if (Expect('J'))
        {
            kind = PosixDateKind.JulianNoLeap;
            if (!Number(out day, 1, 365))
            {
                return false;
            }
        }
        else
        {
            kind = PosixDateKind.ZeroBasedDay;
            if (!Number(out day, 0, 365))
            {
                return false;
            }
        }

        var time = TimeSpan.FromHours(2);
        if (Expect('/') && !Time(out time, maxHours: 167))
        {
            return false;
        }

        transition = new PosixTransition(kind, month, week, day, time);
        return true;
    }

    private bool Time(out TimeSpan value, int maxHours)
    {
        value = default;
        var negative = false;
        if (Expect('-'))
        {
            negative = true;
        }
        else
        {
            Expect('+');
        }

        if (!Number(out var hours, 0, maxHours))
        {
            return false;
        }

        int minutes = 0, seconds = 0;
        if (Expect(':') && (!Number(out minutes, 0, 59) || (Expect(':') && !Number(out seconds, 0, 59))))
        {
            return false;
        }

        value = new TimeSpan(hours, minutes, seconds);
        value = negative ? -value : value;
        return true;
    }

    private bool Number(out int value, int min, int max)
    {
        var start = _pos;
        while (_pos < _text.Length && _pos - start < 3 && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        value = 0;
        return _pos > start
            && int.TryParse(_text[start.._pos], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
