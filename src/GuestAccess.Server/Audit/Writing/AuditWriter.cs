using System.Threading.Channels;
using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Checkpoints;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// The one writer of the audit chain (and of entry events, retention and checkpoints, which
/// share its transactions). Callers put requests on a bounded channel and await them; one loop
/// on its own thread drains whatever is waiting into a single immediate transaction — head read,
/// records numbered and hashed, prepared statements reused — commits it with synchronous=FULL,
/// and only then completes the callers. No gaps: a sequence is used only by a committed record.
/// No duplicates: entries are unique on (lock, sequence) and the head is re-read in every
/// transaction, under the write lock, so even a restart or a second process cannot fork the chain.
/// </summary>
internal sealed class AuditWriter(
    AuditDatabase database,
    CheckpointWriter checkpoints,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<AuditWriter> logger) : IAuditTrail, IHostedService, IDisposable
{
    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ChainHasher _hasher = new();
    private readonly Lock _gate = new();
    private AuditStore? _store;
    private Task? _loop;

    public async Task<AuditReceipt> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var request = new AppendRequest(PreparedRecord.From(entry));
        await EnqueueAsync(request, cancellationToken);
        return await request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues work for the writer (waits while the queue is full).</summary>
    public async ValueTask EnqueueAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The audit log has stopped; nothing was recorded.");
        }
    }

    /// <summary>Queues work if there is room now, without waiting; false when the queue is full or the writer has stopped.</summary>
    public bool TryEnqueue(WriteRequest request) => _queue.Writer.TryWrite(request);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loop ??= Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops accepting work, writes everything already queued, then returns.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();

        // The loop disposes its store when it ends; disposing it here while the loop still writes
        // would pull the statements from under it (seen once at shutdown in CI).
        if (_loop is null || _loop.Wait(TimeSpan.FromSeconds(30)))
        {
            _store?.Dispose();
        }
    }

    private void Run()
    {
        Thread.CurrentThread.Name = "audit-writer"; // also the OS thread name: visible in top -H and /proc
        var batch = new List<WriteRequest>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var rows = 0;
            while (rows < options.Value.MaxBatchRows && reader.TryRead(out var request))
            {
                batch.Add(request);
                rows += request.Weight;
            }

            Process(batch, rows);
        }

        _store?.Dispose();
        _store = null;
    }

    private void Process(List<WriteRequest> batch, int rows)
    {
        try
        {
            Write(batch);
            logger.BatchCommitted(batch.Count, rows);
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.BatchRetried(e, batch.Count);
        }
        catch (Exception e)
        {
            logger.RequestFailed(e);
            batch[0].Fail(e);
            return;
        }

        // Isolate the request that broke the shared transaction; the others still get written.
        foreach (var request in batch)
        {
            try
            {
                Write([request]);
            }
            catch (Exception e)
            {
                logger.RequestFailed(e);
                request.Fail(e);
            }
        }
    }

    private void Write(IReadOnlyList<WriteRequest> requests)
    {
        var store = _store ??= database.OpenStore();
        store.Begin(requests.Min(r => r.Priority));
        AuditCheckpoint? checkpoint;
        try
        {
            var batch = new AuditBatch(store, _hasher, store.ReadHead(), clock.GetUtcNow(), options.Value.Retention);
            foreach (var request in requests)
            {
                request.Write(batch);
            }

            checkpoint = checkpoints.CreateIfDue(batch);
            store.Commit();
        }
        catch
        {
            Abandon(store, requests);
            throw;
        }

        checkpoints.Committed(checkpoint);
        foreach (var request in requests)
        {
            request.Committed();
        }
    }

    private void Abandon(AuditStore store, IReadOnlyList<WriteRequest> requests)
    {
        try
        {
            store.Rollback();
        }
        catch (Exception e)
        {
            logger.RollbackFailed(e);
        }

        // Start the next transaction on a fresh connection: this one may be what failed.
        store.Dispose();
        _store = null;
        checkpoints.RolledBack();
        foreach (var request in requests)
        {
            request.RolledBack();
        }
    }
}
