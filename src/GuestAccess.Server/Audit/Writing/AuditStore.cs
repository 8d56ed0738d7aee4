using GuestAccess.Server.Audit.Chain;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>The position of the newest record: what the next record chains to.</summary>
internal sealed record ChainHead(long Sequence, byte[] Hash, long RecordedAtMicros)
{
    public static ChainHead Empty { get; } = new(0, ChainHasher.Genesis, long.MinValue);
}

/// <summary>
/// The single writer's own SQLite connection: durable settings (WAL, synchronous=FULL,
/// secure_delete for retention), immediate transactions, and the statements every batch reuses.
/// Features that write in the writer's transactions (entry ingestion, retention, checkpoints)
/// prepare their statements here too.
/// </summary>
internal sealed class AuditStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<Statement> _statements = [];
    private readonly Dictionary<Type, object> _features = [];
    private readonly Statement _head;
    private readonly Statement _insertRecord;
    private readonly Statement _insertPersonal;

    private AuditStore(SqliteConnection connection)
    {
        _connection = connection;
        _head = Prepare("SELECT sequence, hash, recorded_at FROM audit_records ORDER BY sequence DESC LIMIT 1");
        _insertRecord = Prepare(
            """
            INSERT INTO audit_records (sequence, format, recorded_at, category, action, actor_id, site_id, door_id, subject, outcome, data, personal_digest, previous_hash, hash)
            VALUES ($sequence, $format, $recorded_at, $category, $action, $actor_id, $site_id, $door_id, $subject, $outcome, $data, $personal_digest, $previous_hash, $hash)
            """,
            "$sequence", "$format", "$recorded_at", "$category", "$action", "$actor_id", "$site_id", "$door_id", "$subject", "$outcome", "$data", "$personal_digest", "$previous_hash", "$hash");
        _insertPersonal = Prepare(
            "INSERT INTO audit_personal_data (sequence, holder, salt, data, delete_after) VALUES ($sequence, $holder, $salt, $data, $delete_after)",
            "$sequence", "$holder", "$salt", "$data", "$delete_after");
    }

    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>Opens the writer's connection on an already migrated database.</summary>
    public static AuditStore Open(string connectionString)
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

    public Statement Prepare(string sql, params string[] parameterNames)
    {
        var statement = new Statement(_connection, sql, parameterNames);
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

    /// <summary>BEGIN IMMEDIATE: takes the write lock now, so the head read next cannot go stale.</summary>
    public SqliteTransaction Begin()
    {
        Transaction = _connection.BeginTransaction(deferred: false);
        foreach (var statement in _statements)
        {
            statement.Transaction = Transaction;
        }

        return Transaction;
    }

    public void Commit()
    {
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
        return reader.Read() ? new ChainHead(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt64(2)) : ChainHead.Empty;
    }

    public void Insert(ChainRecord record) =>
        _insertRecord.Bind(
            record.Sequence, record.Format, record.RecordedAtMicros, record.Category, record.Action,
            DbValue.Id(record.ActorId), DbValue.Id(record.SiteId), DbValue.Id(record.DoorId),
            record.Subject, record.Outcome, record.Data, record.PersonalDigest, record.PreviousHash, record.Hash).Execute();

    public void Insert(long sequence, PreparedPersonal personal, long deleteAfterMicros) =>
        _insertPersonal.Bind(sequence, personal.Holder, personal.Salt, personal.Data, deleteAfterMicros).Execute();

    /// <summary>Runs a statement that is not worth preparing (pragmas, rare maintenance).</summary>
    public object? ExecuteScalar(string sql)
    {
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
    }

    private void End()
    {
        Transaction?.Dispose();
        Transaction = null;
        foreach (var statement in _statements)
        {
            statement.Transaction = null;
        }
    }
}
