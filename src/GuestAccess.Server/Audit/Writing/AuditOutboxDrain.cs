namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// Moves committed <c>audit_outbox</c> rows into the chain in the writer's transaction: each is
/// appended (numbered, hashed, personal part salted) and its row deleted, so a row is chained
/// exactly once whatever crashes when. Up to <see cref="MaxRows"/> per request; more queue another.
/// </summary>
internal sealed class AuditOutboxDrain(AuditOutbox outbox) : WriteRequest
{
    public const int MaxRows = 512;

    private bool _full;

    public override int Weight => 1;

    /// <summary>Nobody waits for it (the change it records has committed); it must not delay a command on its way to a lock.</summary>
    public override Persistence.WritePriority Priority => Persistence.WritePriority.Background;

    public override void Write(AuditBatch batch)
    {
        outbox.Started();
        var statements = batch.Store.Statements(store => new OutboxStatements(store));
        var rows = new List<AuditOutboxRow>();
        using (var reader = statements.Select.Bind(MaxRows).Read())
        {
            while (reader.Read())
            {
                rows.Add(AuditOutboxRow.Read(reader));
            }
        }

        foreach (var row in rows)
        {
            batch.Append(row.ToPrepared());
            statements.Delete.Bind(row.Id).Execute();
        }

        _full = rows.Count == MaxRows;
    }

    public override void Committed()
    {
        if (_full)
        {
            outbox.Drain();
        }
    }

    public override void Fail(Exception error)
    {
        // Logged by the writer; the rows stay and are moved by the next drain.
    }

    private sealed class OutboxStatements(AuditStore store)
    {
        public Statement Select { get; } = store.Prepare(
            "SELECT id, category, action, actor_id, site_id, door_id, subject, outcome, data, holder, personal FROM audit_outbox ORDER BY id LIMIT @limit", "@limit");

        public Statement Delete { get; } = store.Prepare("DELETE FROM audit_outbox WHERE id = @id", "@id");
    }
}
