using System.Data.Common;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Verification;

/// <summary>Streams audit records (with their personal parts) from the database in chain order.</summary>
internal static class DatabaseRecords
{
    private const string Sql =
        """
        SELECT r.sequence, r.format, r.recorded_at, r.category, r.action, r.actor_id, r.site_id, r.door_id, r.subject, r.outcome, r.data,
               r.personal_digest, r.previous_hash, r.hash, p.holder, p.salt, p.data
        FROM audit_records r LEFT JOIN audit_personal_data p ON p.sequence = r.sequence
        WHERE r.sequence >= @from AND r.sequence <= @to
        ORDER BY r.sequence
        """;

    /// <summary>Feeds every record of [from, to] to the verifier; unreadable rows are reported, not thrown.</summary>
    public static void Feed(DbConnection connection, long from, long? to, ChainVerifier verifier, bool withPersonal, CancellationToken cancellationToken)
    {
        foreach (var (sequence, record, personal, error) in Read(connection, from, to, withPersonal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record is null)
            {
                verifier.Malformed(sequence, error!);
            }
            else
            {
                verifier.Add(record, personal);
            }
        }
    }

    public static IEnumerable<(long Sequence, ChainRecord? Record, PersonalPart? Personal, string? Error)> Read(DbConnection connection, long from, long? to, bool withPersonal)
    {
        using var command = connection.CreateCommand();
        command.CommandText = withPersonal ? Sql : Sql.Replace("p.holder, p.salt, p.data", "NULL, NULL, NULL", StringComparison.Ordinal)
            .Replace("LEFT JOIN audit_personal_data p ON p.sequence = r.sequence", string.Empty, StringComparison.Ordinal);
        command.AddParameter("@from", from);
        command.AddParameter("@to", to ?? long.MaxValue);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sequence = reader.GetInt64(0);
            ChainRecord? record = null;
            string? error = null;
            try
            {
                record = new ChainRecord(
                    sequence, reader.GetInt32(1), DbValue.ReadMicros(reader, 2), reader.GetString(3), reader.GetString(4),
                    DbValue.ReadId(reader, 5), DbValue.ReadId(reader, 6), DbValue.ReadId(reader, 7),
                    DbValue.ReadText(reader, 8), DbValue.ReadText(reader, 9), DbValue.ReadText(reader, 10),
                    DbValue.ReadBytes(reader, 11), (byte[])reader.GetValue(12), (byte[])reader.GetValue(13));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or InvalidOperationException or OverflowException)
            {
                error = $"a column has the wrong type or form ({e.GetType().Name})";
            }

            if (record is null)
            {
                yield return (sequence, null, null, error);
                continue;
            }

            var personal = reader.IsDBNull(14) && reader.IsDBNull(15) && reader.IsDBNull(16)
                ? null
                : new PersonalPart(DbValue.ReadText(reader, 14), reader.IsDBNull(15) ? null : reader.GetValue(15) as byte[], DbValue.ReadText(reader, 16));
            yield return (sequence, record, personal, null);
        }
    }
}
