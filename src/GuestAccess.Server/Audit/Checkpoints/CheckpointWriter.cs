using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Writing;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>
/// Signs a checkpoint of the chain head inside the writer's transaction when one is due (every
/// <see cref="CheckpointOptions.EveryRecords"/> records, or when <see cref="CheckpointOptions.Interval"/>
/// has passed since the last one and there are new records), so a checkpoint is stored exactly
/// when the records it covers are; after the commit it goes to the sink. Writer thread only.
/// </summary>
internal sealed class CheckpointWriter(
    AuditSigningKeyStore keys,
    CheckpointSink sink,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<CheckpointWriter> logger)
{
    private (long Sequence, DateTimeOffset At)? _last;
    private AuditCheckpoint? _pending;

    public AuditCheckpoint? CreateIfDue(AuditBatch batch)
    {
        var statements = batch.Store.Statements(store => new Statements(store));
        var last = _last ??= statements.Latest();
        var head = batch.Head;
        var settings = options.Value.Checkpoints;
        var now = clock.GetUtcNow();
        var due = head.Sequence > last.Sequence
            && (batch.CheckpointRequested || head.Sequence - last.Sequence >= settings.EveryRecords || now - last.At >= settings.Interval);
        if (!due)
        {
            return null;
        }

        var key = keys.Current();
        var claims = new CheckpointClaims(head.Sequence, head.Sequence, head.Hash, now);
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Sequence, head.Hash, now, key.KeyId, CheckpointToken.Sign(claims, key.KeyId, key.Key));
        statements.Insert.Bind(checkpoint.Sequence, checkpoint.RecordCount, checkpoint.HeadHash, now, checkpoint.KeyId, checkpoint.Token).Execute();
        batch.Checkpoint = _pending = checkpoint;
        return checkpoint;
    }

    public void Committed(AuditCheckpoint? checkpoint)
    {
        _pending = null;
        if (checkpoint is null)
        {
            return;
        }

        _last = (checkpoint.Sequence, checkpoint.CreatedAt);
        logger.CheckpointSigned(checkpoint.Sequence, checkpoint.KeyId);
        sink.Publish(checkpoint);
    }

    public void RolledBack()
    {
        _pending = null;
        _last = null; // re-read: the connection may have been replaced
    }

    private sealed class Statements(AuditStore store)
    {
        public Statement Insert { get; } = store.Prepare(
            "INSERT INTO audit_checkpoints (sequence, record_count, head_hash, created_at, key_id, token) VALUES (@sequence, @count, @head, @at, @kid, @token)",
            "@sequence", "@count", "@head", "@at", "@kid", "@token");

        private Statement LatestQuery { get; } = store.Prepare("SELECT sequence, created_at FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1");

        public (long, DateTimeOffset) Latest()
        {
            using var reader = LatestQuery.Read();
            return reader.Read() ? (reader.GetInt64(0), DbValue.Instant(DbValue.ReadMicros(reader, 1))) : (0, DateTimeOffset.MinValue);
        }
    }
}
