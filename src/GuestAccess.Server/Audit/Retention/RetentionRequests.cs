using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Retention;

/// <summary>What a retention run deleted.</summary>
/// <param name="Deleted">Records whose personal part (salt, holder, data — and for entries the event's credential and grant) was deleted.</param>
/// <param name="WalTruncated">Whether the write-ahead log was checkpointed and truncated afterwards, so no copy of the deleted data is left in it.</param>
public sealed record RetentionResult(int Deleted, bool WalTruncated);

/// <summary>
/// Deletes up to <paramref name="limit"/> expired personal parts in the writer's transaction.
/// The writer's connection runs with secure_delete=ON, so the deleted values are overwritten with
/// zeros in their pages, not left behind in free space.
/// </summary>
internal sealed class RetentionRequest(DateTimeOffset now, int limit) : WriteRequest<int>
{
    private int _deleted;

    public override int Weight => limit;

    public override void Write(AuditBatch batch)
    {
        var statements = batch.Store.Statements(store => new Statements(store));
        var due = new List<long>(limit);
        using (var reader = statements.Due.Bind(now, limit).Read())
        {
            while (reader.Read())
            {
                due.Add(reader.GetInt64(0));
            }
        }

        foreach (var sequence in due)
        {
            statements.ClearEntry.Bind(sequence).Execute();
            statements.Delete.Bind(sequence, now).Execute();
        }

        _deleted = due.Count;
    }

    public override void Committed() => Complete(_deleted);

    private sealed class Statements(AuditStore store)
    {
        public Statement Due { get; } = store.Prepare(
            "SELECT sequence FROM audit_personal_data WHERE delete_after <= @now AND deleted_at IS NULL ORDER BY delete_after LIMIT @limit", "@now", "@limit");

        public Statement ClearEntry { get; } = store.Prepare(
            "UPDATE entry_events SET credential_id = NULL, grant_id = NULL WHERE audit_sequence = @sequence", "@sequence");

        public Statement Delete { get; } = store.Prepare(
            "UPDATE audit_personal_data SET holder = NULL, salt = NULL, data = NULL, deleted_at = @now WHERE sequence = @sequence", "@sequence", "@now");
    }
}

/// <summary>
/// After deletions: copies the write-ahead log into the database file (whose pages now hold
/// zeros where the data was) and truncates the log, so the old page images are gone too.
/// </summary>
internal sealed class WalTruncateRequest : WriteRequest<bool>
{
    private AuditStore? _store;

    public override int Weight => 1;

    public override void Write(AuditBatch batch) => _store = batch.Store;

    public override void Committed()
    {
        if (!_store!.IsSqlite)
        {
            // PostgreSQL recycles its own WAL at checkpoints; there is no truncation to ask for here.
            Complete(false);
            return;
        }

        // Returns (busy, log frames, checkpointed frames); busy = 1 when a reader kept an old snapshot.
        var busy = Convert.ToInt64(_store!.ExecuteScalar("PRAGMA wal_checkpoint(TRUNCATE)"), System.Globalization.CultureInfo.InvariantCulture);
        Complete(busy == 0);
    }
}
