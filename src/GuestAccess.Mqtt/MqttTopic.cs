using System.Text;

namespace GuestAccess.Mqtt;

/// <summary>Topic name and topic filter rules (spec 4.7), shared subscription syntax (5.0 4.8.2) and matching.</summary>
public static class MqttTopic
{
    public const string SharedPrefix = "$share/";

    /// <summary>A topic name: not empty, no wildcards, fits a UTF-8 string.</summary>
    public static bool IsValidTopicName(string topic) =>
        topic.Length > 0 && topic.AsSpan().IndexOfAny('+', '#') < 0 && FitsString(topic);

    /// <summary>A topic filter: not empty, '#' only as the whole last level, '+' only as a whole level; shared subscriptions are checked too.</summary>
    public static bool IsValidTopicFilter(string filter)
    {
        if (!FitsString(filter))
        {
            return false;
        }

        if (filter.StartsWith(SharedPrefix, StringComparison.Ordinal))
        {
            return TryParseShared(filter, out _, out _);
        }

        return IsValidPlainFilter(filter);
    }

    /// <summary>Splits <c>$share/{group}/{filter}</c>; false when the text is not a valid shared subscription.</summary>
    public static bool TryParseShared(string filter, out string group, out string topicFilter)
    {
        group = "";
        topicFilter = "";
        if (!filter.StartsWith(SharedPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = filter.AsSpan(SharedPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var name = rest[..slash];
        if (name.IndexOfAny('+', '#') >= 0)
        {
            return false;
        }

        var inner = rest[(slash + 1)..].ToString();
        if (!IsValidPlainFilter(inner))
        {
            return false;
        }

        group = name.ToString();
        topicFilter = inner;
        return true;
    }

    public static bool IsShared(string filter) => filter.StartsWith(SharedPrefix, StringComparison.Ordinal);

    public static bool HasWildcards(string filter) => filter.AsSpan().IndexOfAny('+', '#') >= 0;

    /// <summary>
    /// True when <paramref name="topic"/> matches <paramref name="filter"/>. A filter starting with a
    /// wildcard does not match topics starting with '$' (4.7.2).
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && (filter[0] == '+' || filter[0] == '#'))
        {
            return false;
        }

        var f = filter;
        var t = topic;
        while (true)
        {
            var fs = f.IndexOf('/');
            var fl = fs < 0 ? f : f[..fs];
            if (fl is "#")
            {
                return true;
            }

            var ts = t.IndexOf('/');
            var tl = ts < 0 ? t : t[..ts];
            if (!(fl is "+" || fl.SequenceEqual(tl)))
            {
                return false;
            }

            if (fs < 0)
            {
                return ts < 0;
            }

            if (ts < 0)
            {
                return f[(fs + 1)..] is "#";
            }

            f = f[(fs + 1)..];
            t = t[(ts + 1)..];
        }
    }

    private static bool IsValidPlainFilter(string filter)
    {
        if (filter.Length == 0)
        {
            return false;
        }

        var span = filter.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c is '+' or '#')
            {
                var levelStart = i == 0 || span[i - 1] == '/';
                var levelEnd = i == span.Length - 1 || span[i + 1] == '/';
                if (!levelStart || !levelEnd || (c == '#' && i != span.Length - 1))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool FitsString(string value) =>
        value.Length <= ushort.MaxValue / 3 || Encoding.UTF8.GetByteCount(value) <= ushort.MaxValue;
}
