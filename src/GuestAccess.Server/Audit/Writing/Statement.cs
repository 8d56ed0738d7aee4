using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// One SQL statement prepared once on the writer's connection and reused for every row of every
/// batch; parameters are bound by position, in the order they were named.
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public Statement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = parameterNames.Select(n => _command.Parameters.Add(new SqliteParameter(n, null))).ToArray();
    }

    public SqliteTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    public Statement Bind(params object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return this;
    }

    public int Execute() => _command.ExecuteNonQuery();

    public object? Scalar() => _command.ExecuteScalar();

    public SqliteDataReader Read() => _command.ExecuteReader();

    public void Dispose() => _command.Dispose();
}

/// <summary>Values as the EF model stores them, for raw SQL: GUIDs as uppercase text, instants as microseconds.</summary>
internal static class DbValue
{
    public static string? Id(Guid? id) => id?.ToString("D").ToUpperInvariant();

    public static long Micros(DateTimeOffset instant) => Persistence.UtcMicrosecondsConverter.ToMicroseconds(instant);

    public static DateTimeOffset Instant(long micros) => Persistence.UtcMicrosecondsConverter.FromMicroseconds(micros);

    public static Guid? ReadId(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Guid.Parse(reader.GetString(ordinal));

    public static string? ReadText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[]? ReadBytes(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);
}
