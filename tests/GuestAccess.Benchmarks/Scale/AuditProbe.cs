using System.Globalization;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// Reads the server's database (SQLite in WAL mode or PostgreSQL: reading does not block the
/// server's writer): how many entry events are stored, the lag from each event's lock timestamp to
/// its audit record, and each lock's stored sequence numbers for the exactly-once check.
/// </summary>
internal sealed class AuditProbe(ScaleDatabase database)
{
    /// <summary>The highest audit sequence stored so far (a position in the chain; entries are ordered by it).</summary>
    public long Head() => Scalar("SELECT COALESCE(MAX(sequence), 0) FROM audit_records");

    /// <summary>
    /// Lag of every entry stored in (from, to] whose production instant is known: its audit
    /// record's recorded_at minus that instant, in milliseconds, sorted.
    /// </summary>
    public double[] LagsMs(long from, long to, IReadOnlyDictionary<(string Lock, long Sequence), long> producedMicros)
    {
        using var connection = database.OpenRead();
        using var command = connection.Command($"""
            SELECT l.device_id, e.sequence, {database.RecordedAtMicros} FROM entry_events e
            JOIN audit_records a ON a.sequence = e.audit_sequence JOIN lock_controllers l ON l.id = e.lock_id
            WHERE e.audit_sequence > @a AND e.audit_sequence <= @b
            """, ("a", from), ("b", to));
        var lags = new List<double>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (producedMicros.TryGetValue((reader.GetString(0), reader.GetInt64(1)), out var at))
            {
                lags.Add((reader.GetInt64(2) - at) / 1000.0);
            }
        }

        lags.Sort();
        return [.. lags];
    }

    /// <summary>Entries stored in (from, to].</summary>
    public long EntriesBetween(long from, long to) => Scalar("SELECT COUNT(*) FROM entry_events WHERE audit_sequence > @a AND audit_sequence <= @b", ("a", from), ("b", to));

    /// <summary>Per lock (device id): stored events, distinct sequence numbers, the highest one.</summary>
    public Dictionary<string, (long Count, long Distinct, long Max)> StoredPerLock()
    {
        using var connection = database.OpenRead();
        using var command = connection.Command("""
            SELECT l.device_id, COUNT(*), COUNT(DISTINCT e.sequence), MAX(e.sequence)
            FROM entry_events e JOIN lock_controllers l ON l.id = e.lock_id GROUP BY l.device_id
            """);
        var result = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return result;
    }

    /// <summary>Per lock (device id): the contiguous sequence the server has stored and confirmed.</summary>
    public Dictionary<string, long> ConfirmedPerLock()
    {
        using var connection = database.OpenRead();
        using var command = connection.Command("SELECT l.device_id, s.confirmed_up_to FROM lock_sync_states s JOIN lock_controllers l ON l.id = s.lock_id");
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>Outbox rows not completed yet, and completed rows by outcome.</summary>
    public string OutboxSummary()
    {
        using var connection = database.OpenRead();
        using var command = connection.Command("SELECT COALESCE(outcome, 'open'), COUNT(*) FROM lock_outbox GROUP BY outcome ORDER BY 1");
        var parts = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1)}"));
        }

        return parts.Count == 0 ? "empty" : string.Join(", ", parts);
    }

    public long LocksAt(string site) => Scalar("SELECT COUNT(*) FROM lock_controllers l JOIN sites s ON s.id = l.site_id WHERE s.slug = @s", ("s", site));

    public long OpenOutboxRows() => Scalar("SELECT COUNT(*) FROM lock_outbox WHERE completed_at IS NULL");

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = database.OpenRead();
        using var command = connection.Command(sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
