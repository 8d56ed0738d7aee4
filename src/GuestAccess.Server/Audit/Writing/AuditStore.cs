using System.Data.Common;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>The position of the newest record: what the next record chains to.</summary>
internal sealed record ChainHead(long Sequence, byte[] Hash, long RecordedAtMicros)
{
    public static ChainHead Empty { get; } = new(0, ChainHasher.Genesis, long.MinValue);
}

/// <summary>
/// The single writer's own connection and the statements every batch reuses. SQLite: durable
/// settings (WAL, synchronous=FULL, secure_delete for retention) and immediate transactions.
/// PostgreSQL: each transaction first takes a transaction-scoped advisory lock, so writers in
/// several server instances append to one chain in turn (the head is read under the lock) and
/// a commit returns once it is durable (synchronous_commit, the server's default); the chain's
/// rows go in with binary COPY (<see cref="ChainCopy"/>).
/// Features that write in the writer's transactions (entry ingestion, retention, checkpoints)
/// prepare their statements here too.
/// </summary>
internal sealed class AuditStore : IDisposable
{
    /// <summary>The PostgreSQL advisory lock key of the audit chain ("GAauditw" as a 64-bit number).</summary>
    internal const long AdvisoryLockKey = 0x4741617564697477;

    private readonly DbConnection _connection;
    private readonly List<Statement> _statements = [];
    private readonly Dictionary<Type, object> _features = [];
    private readonly Statement _head;
    private readonly Statement _insertRecord;
    private readonly Statement _insertPersonal;

    private readonly Statement? _lock;
    private readonly ChainCopy? _copy;
    private readonly SqliteWriteGate? _gate;
    private readonly TimeSpan _busyTimeout;
    private SqliteWriteGate.Lease? _lease;

    private AuditStore(DbConnection connection)
    {
        _connection = connection;
        _gate = SqliteWriteGate.For(connection);
        _busyTimeout = TimeSpan.FromSeconds(connection is SqliteConnection sqlite ? Math.Max(sqlite.DefaultTimeout, 30) : 30);
        _copy = connection is NpgsqlConnection npgsql ? new ChainCopy(npgsql) : null;
        _lock = connection is NpgsqlConnection ? Prepare($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})") : null;
        _head = Prepare("SELECT sequence, hash, recorded_at FROM audit_records ORDER BY sequence DESC LIMIT 1");
        _insertRecord = Prepare(
            """
            INSERT INTO audit_records (sequence, format, recorded_at, category, action, actor_id, site_id, door_id, subject, outcome, data, personal_digest, previous_hash, hash)
            VALUES (@sequence, @format, @recorded_at, @category, @action, @actor_id, @site_id, @door_id, @subject, @outcome, @data, @personal_digest, @previous_hash, @hash)
            """,
            "@sequence", "@format", "@recorded_at", "@category", "@action", "@actor_id", "@site_id", "@door_id", "@subject", "@outcome", "@data", "@personal_digest", "@previous_hash", "@hash");
        _insertPersonal = Prepare(
            "INSERT INTO audit_personal_data (sequence, holder, salt, data, delete_after) VALUES (@sequence, @holder, @salt, @data, @delete_after)",
            "@sequence", "@holder", "@salt", "@data", "@delete_after");
    }

    public DbTransaction? Transaction { get; private set; }

    public bool IsSqlite => _connection is SqliteConnection;

    /// <summary>PostgreSQL: the rows kept for binary COPY in this transaction; null on SQLite.</summary>
    internal ChainCopy? Copy => _copy;

    /// <summary>Opens the writer's connection on an already migrated database.</summary>
    public static AuditStore Open(string connectionString, DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => OpenSqlite(connectionString),
        DatabaseProvider.PostgreSql => OpenPostgreSql(connectionString),
    };

    private static AuditStore OpenPostgreSql(string connectionString)
    {
        // Its own physical connection: prepared statements live as long as it does.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using (var durable = connection.CreateCommand())
            {
                // A commit is on disk before any caller hears "stored", whatever the server's default.
                durable.CommandText = "SET synchronous_commit = on";
                durable.ExecuteNonQuery();
            }

            return new AuditStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static AuditStore OpenSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, ForeignKeys = true };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            // synchronous=FULL: a commit is on disk (WAL fsynced) before any caller hears "stored".
            // secure_delete: deleted personal data is overwritten with zeros, not left in free space.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8000;";
            pragmas.ExecuteNonQuery();
            return new AuditStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Statement Prepare(string sql, params string[] parameterNames) => Prepare(sql, seesKeptRows: true, parameterNames);

    /// <summary>
    /// A statement; with <paramref name="seesKeptRows"/> false it runs without first writing the rows
    /// kept for COPY (for a query that, by construction, never needs to see them).
    /// </summary>
    public Statement Prepare(string sql, bool seesKeptRows, params string[] parameterNames)
    {
        // A statement on the chain tables must see the rows kept for COPY: they are written first.
        var touchesChain = sql.Contains("audit_records", StringComparison.Ordinal) || sql.Contains("audit_personal_data", StringComparison.Ordinal) || sql.Contains("entry_events", StringComparison.Ordinal);
        var statement = new Statement(_connection, sql, parameterNames) { BeforeExecute = _copy is not null && seesKeptRows && touchesChain ? _copy.Flush : null };
        _statements.Add(statement);
        return statement;
    }

    /// <summary>A feature's statements, prepared once per connection.</summary>
    public T Statements<T>(Func<AuditStore, T> prepare)
        where T : class
    {
        if (!_features.TryGetValue(typeof(T), out var statements))
        {
            _features[typeof(T)] = statements = prepare(this);
        }

        return (T)statements;
    }

    /// <summary>
    /// Takes the chain's write lock now, so the head read next cannot go stale: BEGIN IMMEDIATE on
    /// SQLite (after this process's <see cref="SqliteWriteGate"/>, in <paramref name="priority"/>'s
    /// turn), an advisory transaction lock on PostgreSQL.
    /// </summary>
    public DbTransaction Begin(WritePriority priority = WritePriority.Request)
    {
        _lease = _gate?.Enter(priority, _busyTimeout);
        try
        {
            Transaction = _connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : _connection.BeginTransaction();
        }
        catch
        {
            ReleaseGate();
            throw;
        }

        foreach (var statement in _statements)
        {
            statement.Transaction = Transaction;
        }

        _lock?.Execute();

        return Transaction;
    }

    public void Commit()
    {
        _copy?.Flush();
        Transaction!.Commit();
        End();
    }

    public void Rollback()
    {
        if (Transaction is { Connection: not null } transaction)
        {
            transaction.Rollback();
        }

        End();
    }

    public ChainHead ReadHead()
    {
        using var reader = _head.Read();
        return reader.Read() ? new ChainHead(reader.GetInt64(0), (byte[])reader.GetValue(1), DbValue.ReadMicros(reader, 2)) : ChainHead.Empty;
    }

    public void Insert(ChainRecord record)
    {
        if (_copy is not null)
        {
            _copy.Add(record);
            return;
        }

        _insertRecord.Bind(
            record.Sequence, record.Format, DbValue.Instant(record.RecordedAtMicros), record.Category, record.Action,
            record.ActorId, record.SiteId, record.DoorId,
            record.Subject, record.Outcome, record.Data, record.PersonalDigest, record.PreviousHash, record.Hash).Execute();
    }

    public void Insert(long sequence, PreparedPersonal personal, DateTimeOffset deleteAfter)
    {
        if (_copy is not null)
        {
            _copy.Add(sequence, personal, deleteAfter);
            return;
        }

        _insertPersonal.Bind(sequence, personal.Holder, personal.Salt, personal.Data, deleteAfter).Execute();
    }

    /// <summary>Runs a statement that is not worth preparing (pragmas, rare maintenance).</summary>
    public object? ExecuteScalar(string sql)
    {
        _copy?.Flush();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        Transaction?.Dispose();
        _connection.Dispose();
        ReleaseGate();
    }

    private void End()
    {
        _copy?.Clear();
        Transaction?.Dispose();
        Transaction = null;
        foreach (var statement in _statements)
        {
            statement.Transaction = null;
        }

        ReleaseGate();
    }

    private void ReleaseGate()
    {
        _lease?.Dispose();
        _lease = null;
    }
}
