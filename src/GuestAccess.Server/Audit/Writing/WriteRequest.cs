namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// Work for the single writer. <see cref="Write"/> runs inside a transaction shared with other
/// requests; <see cref="Committed"/> runs only after that transaction is durably committed. If
/// a shared transaction fails, each request is retried alone, so one bad request cannot take
/// others down with it: <see cref="Write"/> must start from scratch each time it is called.
/// All methods run on the writer's thread.
/// </summary>
internal abstract class WriteRequest
{
    /// <summary>Rows this request may write, to size batches.</summary>
    public abstract int Weight { get; }

    /// <summary>Its turn for SQLite's write lock (<see cref="Persistence.SqliteWriteGate"/>): a batch takes its most urgent request's.</summary>
    public virtual Persistence.WritePriority Priority => Persistence.WritePriority.Request;

    public abstract void Write(AuditBatch batch);

    public abstract void Committed();

    /// <summary>The transaction that <see cref="Write"/> wrote into was rolled back.</summary>
    public virtual void RolledBack()
    {
    }

    public abstract void Fail(Exception error);
}

/// <summary>A request whose caller awaits a result.</summary>
internal abstract class WriteRequest<T> : WriteRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override void Fail(Exception error) => _completion.TrySetException(error);

    protected void Complete(T result) => _completion.TrySetResult(result);
}

/// <summary>One administrative record from <see cref="IAuditTrail.RecordAsync"/>.</summary>
internal sealed class AppendRequest(PreparedRecord record) : WriteRequest<AuditReceipt>
{
    private AuditReceipt? _receipt;

    public override int Weight => 1;

    public override void Write(AuditBatch batch) => _receipt = batch.Append(record);

    public override void Committed() => Complete(_receipt!);
}
