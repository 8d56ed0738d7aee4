using System.Globalization;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>
/// Keyset cursors: the position after which the next page starts. Records page by sequence
/// (<c>r{sequence}</c>); entries by lock time then sequence (<c>e{microseconds}.{sequence}</c>).
/// Stable under concurrent appends, and O(log n) to resume.
/// </summary>
internal static class AuditCursor
{
    public static string Record(long sequence) => "r" + sequence.ToString(CultureInfo.InvariantCulture);

    public static string Entry(long occurredAtMicros, long sequence) => string.Create(CultureInfo.InvariantCulture, $"e{occurredAtMicros}.{sequence}");

    public static bool IsRecordCursor(string cursor) => TryRecord(cursor, out _);

    public static bool IsEntryCursor(string cursor) => TryEntry(cursor, out _);

    public static bool TryRecord(string? cursor, out long sequence)
    {
        sequence = 0;
        return cursor is ['r', .. var rest] && long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    public static bool TryEntry(string? cursor, out (long Micros, long Sequence) position)
    {
        position = default;
        var dot = cursor?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cursor is not ['e', ..] || dot < 2
            || !long.TryParse(cursor.AsSpan(1, dot - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            || !long.TryParse(cursor.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = (micros, sequence);
        return true;
    }
}
