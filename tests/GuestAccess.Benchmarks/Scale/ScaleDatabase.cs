using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// The server's database for one system: its SQLite file in the data directory (the default), or
/// a PostgreSQL database (<c>--postgres</c>). Gives the server's settings and plain connections for
/// the benchmark's own reads and the lock rows it adds; SQL that differs between the two is here.
/// </summary>
internal sealed record ScaleDatabase(string DataDirectory, PostgresServer? Postgres)
{
    private string? PostgresConnectionString => Postgres?.ConnectionString;

    public bool IsPostgres => PostgresConnectionString is not null;

    public string Name => IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>Configuration for every server verb (serve, seed, locks mosquitto-config).</summary>
    public string[] ServerSettings => IsPostgres
        ? ["--Database:Provider=PostgreSql", $"--Database:ConnectionString={PostgresConnectionString}"]
        : [];

    /// <summary>An audit record's recorded_at as Unix microseconds (SQLite stores exactly that; PostgreSQL a timestamptz).</summary>
    public string RecordedAtMicros => IsPostgres ? "(EXTRACT(EPOCH FROM a.recorded_at) * 1000000)::bigint" : "a.recorded_at";

    /// <summary>A connection for reading (SQLite: read-only; WAL, so it never blocks the server's writer).</summary>
    public DbConnection OpenRead() => Open(readOnly: true);

    public DbConnection OpenWrite() => Open(readOnly: false);

    /// <summary>A key as the server stores it: SQLite TEXT in upper case (EF Core's format), PostgreSQL uuid.</summary>
    public object Key(Guid id) => IsPostgres ? id : id.ToString().ToUpperInvariant();

    private DbConnection Open(bool readOnly)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(PostgresConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataDirectory, "guestaccess.db"),
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = 60,
            }.ToString());
        connection.Open();
        return connection;
    }
}

internal static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
