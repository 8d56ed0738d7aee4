using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>
/// Asks the writer for a checkpoint. Forced: the head is signed now unless it already has a
/// checkpoint, and the request completes with the head's checkpoint (null only for an empty
/// log). Timed: a checkpoint is signed if the interval has passed; completes with it or null.
/// </summary>
internal sealed class CheckpointRequest(bool force) : WriteRequest<AuditCheckpoint?>
{
    private AuditBatch? _batch;

    public override int Weight => 1;

    public override void Write(AuditBatch batch)
    {
        _batch = batch;
        batch.CheckpointRequested |= force;
    }

    public override void Committed() => Complete(_batch!.Checkpoint ?? (force ? Latest(_batch.Store) : null));

    private static AuditCheckpoint? Latest(AuditStore store)
    {
        using var reader = store.Statements(s => new LatestQuery(s)).Statement.Read();
        return reader.Read()
            ? new AuditCheckpoint(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), DbValue.Instant(DbValue.ReadMicros(reader, 3)), reader.GetString(4), reader.GetString(5))
            : null;
    }

    private sealed class LatestQuery(AuditStore store)
    {
        public Statement Statement { get; } = store.Prepare("SELECT sequence, record_count, head_hash, created_at, key_id, token FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1");
    }
}
