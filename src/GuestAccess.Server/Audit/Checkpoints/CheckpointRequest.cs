using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>
/// Asks the writer for a checkpoint: forced (signed now if the head has none yet) or timed
/// (signed if the interval has passed). Completes with the checkpoint made, or null when the
/// head already had one or none was due.
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

    public override void Committed() => Complete(_batch?.Checkpoint);
}
