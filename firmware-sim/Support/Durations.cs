using System.Globalization;

namespace GuestAccess.FirmwareSim.Support;

/// <summary>
/// Durations as people write them on a command line or in a scenario: <c>500ms</c>, <c>2s</c>,
/// <c>90 sec</c>, <c>10m</c>, <c>10 min</c>, <c>1h</c>, with an optional sign (<c>+90s</c>,
/// <c>-2m</c>). A bare number is seconds.
/// </summary>
public static class Durations
{
    public static TimeSpan Parse(string text)
    {
        if (!TryParse(text, out var duration))
        {
            throw new FormatException("A duration is a number with ms, s, m, min or h, e.g. 500ms, 90s, 10 min.");
        }

        return duration;
    }

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var s = text?.Trim() ?? string.Empty;
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '.' or '+' or '-'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(s[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = s[end..].Trim().ToLowerInvariant();
        double? milliseconds = unit switch
        {
            "ms" => number,
            "" or "s" or "sec" or "second" or "seconds" => number * 1000,
            "m" or "min" or "minute" or "minutes" => number * 60_000,
            "h" or "hour" or "hours" => number * 3_600_000,
            "d" or "day" or "days" => number * 86_400_000,
            _ => null,
        };
        if (milliseconds is not { } ms || Math.Abs(ms) > TimeSpan.FromDays(3650).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }
}
