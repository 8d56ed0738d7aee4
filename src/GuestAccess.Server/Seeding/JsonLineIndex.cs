using System.Globalization;
using System.Text.Json;

namespace GuestAccess.Server.Seeding;

/// <summary>
/// Maps JSON paths such as <c>$.rooms[1].capacity</c> to the 1-based line where that value
/// starts, so that errors found after parsing can still point at a line in the file.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineIndex()
    {
    }

    public static JsonLineIndex Build(ReadOnlySpan<byte> json)
    {
        var index = new JsonLineIndex();
        var newlines = new List<long>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string> { "$" };
        var arrayCounters = new Stack<int>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var line = LineOf(newlines, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    index._lines.TryAdd(Join(path) + "." + pendingProperty, line);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    path.Add(Segment(ref pendingProperty, arrayCounters));
                    index._lines.TryAdd(Join(path), line);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        arrayCounters.Push(0);
                    }
                    else
                    {
                        arrayCounters.Push(-1);
                    }

                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    arrayCounters.Pop();
                    continue;
                default:
                    index._lines.TryAdd(Join(path) + Segment(ref pendingProperty, arrayCounters), line);
                    continue;
            }
        }

        return index;
    }

    /// <summary>The line of the path, or of its nearest ancestor that has one.</summary>
    public int LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
        }

        return 1;
    }

    private static string Segment(ref string? pendingProperty, Stack<int> arrayCounters)
    {
        if (pendingProperty is { } name)
        {
            pendingProperty = null;
            return "." + name;
        }

        if (arrayCounters.Count > 0 && arrayCounters.Peek() >= 0)
        {
            var i = arrayCounters.Pop();
            arrayCounters.Push(i + 1);
            return "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
        }

        return string.Empty;
    }

    private static string Join(List<string> path) => string.Concat(path);

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private static int LineOf(List<long> newlines, long offset)
    {
        var i = newlines.BinarySearch(offset);
        return (i < 0 ? ~i : i) + 1;
    }
}
