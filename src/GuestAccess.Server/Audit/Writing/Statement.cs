using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// One SQL statement prepared once on the writer's connection and reused for every row of every
/// batch; parameters (<c>@name</c>) are bound by position, in the order they were named, and
/// converted to the provider's storage (<see cref="DbValue.ToParameter"/>).
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private readonly bool _sqlite;

    public Statement(DbConnection connection, string sql, params string[] parameterNames)
    {
        _sqlite = connection is SqliteConnection;
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = parameterNames.Select(n => _command.AddParameter(n, null)).ToArray();
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    /// <summary>Runs before the statement does (PostgreSQL: writes the chain rows kept for COPY first).</summary>
    public Action? BeforeExecute { get; init; }

    public Statement Bind(params object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = DbValue.ToParameter(values[i], _sqlite);
        }

        return this;
    }

    public int Execute()
    {
        BeforeExecute?.Invoke();
        return _command.ExecuteNonQuery();
    }

    public object? Scalar()
    {
        BeforeExecute?.Invoke();
        return _command.ExecuteScalar();
    }

    public DbDataReader Read()
    {
        BeforeExecute?.Invoke();
        return _command.ExecuteReader();
    }

    public void Dispose() => _command.Dispose();
}

/// <summary>
/// Values as the EF model stores them, for raw SQL on either provider. SQLite: GUIDs as uppercase
/// text, instants as INTEGER microseconds. PostgreSQL: uuid and timestamptz (UTC, microseconds).
/// Code binds <see cref="Guid"/> and <see cref="DateTimeOffset"/>; the chain works in microseconds.
/// </summary>
internal static class DbValue
{
    public static long Micros(DateTimeOffset instant) => Persistence.UtcMicrosecondsConverter.ToMicroseconds(instant);

    public static DateTimeOffset Instant(long micros) => Persistence.UtcMicrosecondsConverter.FromMicroseconds(micros);

    public static object ToParameter(object? value, bool sqlite) => value switch
    {
        null => DBNull.Value,
        Guid id when sqlite => id.ToString("D").ToUpperInvariant(),
        DateTimeOffset instant when sqlite => Micros(instant),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => value,
    };

    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DbValue.ToParameter(value, command is SqliteCommand);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>An id column: TEXT on SQLite, uuid on PostgreSQL.</summary>
    public static Guid? ReadId(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) switch
    {
        Guid id => id,
        string text => Guid.Parse(text),
        var other => throw new InvalidCastException($"An id is text or uuid, not {other.GetType().Name}."),
    };

    /// <summary>An instant column as microseconds: INTEGER on SQLite, timestamptz on PostgreSQL.</summary>
    public static long ReadMicros(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        long micros => micros,
        DateTime utc => Micros(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))),
        DateTimeOffset instant => Micros(instant),
        var other => throw new InvalidCastException($"An instant is INTEGER microseconds or timestamptz, not {other.GetType().Name}."),
    };

    public static string? ReadText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[]? ReadBytes(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);
}
