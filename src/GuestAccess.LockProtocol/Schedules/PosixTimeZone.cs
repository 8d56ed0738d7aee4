using System.Diagnostics.CodeAnalysis;

namespace GuestAccess.LockProtocol.Schedules;

/// <summary>
/// A POSIX TZ rule (IEEE Std 1003.1, <c>TZ</c> environment variable; the same string that ends
/// every TZif file), e.g. <c>CET-1CEST,M3.5.0,M10.5.0/3</c>: what simple firmware uses instead of a
/// time zone database. Supports <c>std offset [dst [offset] ,start[/time],end[/time]]</c> with
/// <c>Mm.w.d</c>, <c>Jn</c> and <c>n</c> dates. A DST name without explicit rules is refused
/// (POSIX leaves the default implementation-defined).
/// </summary>
public sealed class PosixTimeZone
{
    private PosixTimeZone(string text, TimeSpan standardOffset, TimeSpan? daylightOffset, PosixTransition? start, PosixTransition? end)
    {
        Text = text;
        StandardOffset = standardOffset;
        DaylightOffset = daylightOffset;
        Start = start;
        End = end;
    }

    public string Text { get; }

    /// <summary>UTC offset in standard time (east positive, unlike the POSIX text).</summary>
    public TimeSpan StandardOffset { get; }

    /// <summary>UTC offset in daylight time, or null for a zone without DST.</summary>
    public TimeSpan? DaylightOffset { get; }

    internal PosixTransition? Start { get; }

    internal PosixTransition? End { get; }

    public static PosixTimeZone Parse(string text) =>
        TryParse(text, out var zone) ? zone : throw new FormatException("Not a supported POSIX TZ rule.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PosixTimeZone? zone)
    {
        zone = null;
        if (text is null || text.Length is 0 or > 128)
        {
            return false;
        }

        var reader = new PosixTzReader(text);
        if (!reader.Name() || !reader.Offset(out var stdWest))
        {
            return false;
        }

        if (reader.AtEnd)
        {
            zone = new PosixTimeZone(text, -stdWest, null, null, null);
            return true;
        }

        if (!reader.Name())
        {
            return false;
        }

        var dstWest = stdWest - TimeSpan.FromHours(1);
        if (!reader.Peek(',') && !reader.Offset(out dstWest))
        {
            return false;
        }

        if (!reader.Expect(',') || !reader.Transition(out var start) || !reader.Expect(',') || !reader.Transition(out var end) || !reader.AtEnd)
        {
            return false;
        }

        zone = new PosixTimeZone(text, -stdWest, -dstWest, start, end);
        return true;
    }

    /// <summary>The UTC offset in force at <paramref name="instant"/>.</summary>
    public TimeSpan GetUtcOffset(DateTimeOffset instant)
    {
        if (DaylightOffset is not { } dst || Start is not { } start || End is not { } end)
        {
            return StandardOffset;
        }

        var utc = instant.UtcDateTime;
        var year = (utc + StandardOffset).Year;
        // Start is given in local standard time, end in local daylight time.
        var dstBegins = start.LocalTime(year) - StandardOffset;
        var dstEnds = end.LocalTime(year) - dst;
        var inDst = dstBegins < dstEnds
            ? utc >= dstBegins && utc < dstEnds
            : utc >= dstBegins || utc < dstEnds;
        return inDst ? dst : StandardOffset;
    }

    /// <summary>The local wall-clock time at <paramref name="instant"/>.</summary>
    public DateTime ToLocal(DateTimeOffset instant) =>
        DateTime.SpecifyKind(instant.UtcDateTime + GetUtcOffset(instant), DateTimeKind.Unspecified);

    public override string ToString() => Text;
}
