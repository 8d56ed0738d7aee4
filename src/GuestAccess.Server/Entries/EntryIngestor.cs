using System.Data.Common;
using GuestAccess.Server.Audit.Writing;

namespace GuestAccess.Server.Entries;

/// <summary>
/// <see cref="IEntryIngestor"/>: validates events and prepares their records on the caller's
/// thread (look-ups, JSON, salted digests), then hands them to the audit writer, which stores
/// events and records together in its next transaction.
/// </summary>
internal sealed class EntryIngestor(AuditWriter writer, LockDirectory directory, EntrySequences sequences) : IEntryIngestor
{
    public async Task<IngestResult> IngestAsync(Guid lockId, IReadOnlyList<LockEventData> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        DbConnection? connection = null;
        try
        {
            var lockInfo = directory.FindLock(lockId, ref connection);
            if (lockInfo is null)
            {
                return Unknown(lockId, events);
            }

            var pending = new List<PendingEvent>(events.Count);
            var rejected = new List<RejectedLockEvent>();
            foreach (var e in events)
            {
                if (e is null)
                {
                    throw new ArgumentException("Events must not be null.", nameof(events));
                }

                if (EntryRecords.Validate(e) is { } rejection)
                {
                    rejected.Add(rejection);
                    continue;
                }

                var holder = e.GrantId is null && e.CredentialId is null ? null : directory.FindHolder(e.GrantId, e.CredentialId, ref connection);
                pending.Add(EntryRecords.Prepare(lockInfo, e, holder));
            }

            connection?.Dispose();
            connection = null;
            var request = new IngestRequest(lockInfo, pending, rejected, sequences);
            await writer.EnqueueAsync(request, cancellationToken);
            return await request.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static IngestResult Unknown(Guid lockId, IReadOnlyList<LockEventData> events) => new()
    {
        LockId = lockId,
        Stored = [],
        NewlyStored = 0,
        ContiguousUpTo = 0,
        HighestStored = 0,
        Gaps = [],
        Rejected = events.Select(e => new RejectedLockEvent(e?.Sequence ?? 0, "unknown_lock", $"No lock controller {lockId} is registered.")).ToArray(),
        Conflicting = [],
    };
}
