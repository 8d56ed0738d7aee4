using System.Threading.Channels;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>Something the dispatcher must react to.</summary>
internal abstract record FleetInput
{
    /// <summary>
    /// A transaction with outbox rows for these locks committed (<paramref name="Remote"/>: on another
    /// server instance, forwarded). <paramref name="Deltas"/>: what it changed at some of them
    /// exactly (Locks/Fleet/DirectDelta); <paramref name="Unlocks"/>: the locks that got a remote
    /// unlock (null: not known, look at every lock's outbox rows).
    /// </summary>
    public sealed record OutboxCommitted(
        IReadOnlyCollection<Guid> LockIds,
        bool Remote = false,
        IReadOnlyList<Fleet.DirectDelta>? Deltas = null,
        IReadOnlySet<Guid>? Unlocks = null) : FleetInput;

    /// <summary>A status; <paramref name="Retained"/> when the broker delivered its retained copy at subscribe time (it may be older than the lock's newest events).</summary>
    public sealed record StatusReceived(LockId LockId, LockStatus Status, DateTimeOffset ReceivedAt, bool Retained = false) : FleetInput;

    /// <summary>A reply; <paramref name="TraceParent"/> is the W3C trace context the lock sent with it (MQTT 5 user property), if any.</summary>
    public sealed record ReplyReceived(LockId LockId, LockReply Reply, DateTimeOffset ReceivedAt, string? TraceParent = null) : FleetInput;

    /// <summary>
    /// The server's own connection to the broker is (again) up, or went down. Without a session
    /// present, whatever locks published while the server was away is gone.
    /// </summary>
    public sealed record BrokerConnection(bool Connected, bool SessionPresent = false) : FleetInput;

    /// <summary>Publishing a command failed (no broker connection, refused).</summary>
    public sealed record PublishFailed(Guid LockId, string CommandId) : FleetInput;

    /// <summary>A lock was provisioned or decommissioned (<paramref name="Remote"/>: on another server instance): reload it.</summary>
    public sealed record LockChanged(Guid LockId, bool Remote = false) : FleetInput;

    /// <summary>The set of lock partitions this instance drives changed (Locks/Ownership).</summary>
    public sealed record OwnershipChanged : FleetInput;
}

/// <summary>Events that arrived on a lock's events topic, for the ingestion pipeline.</summary>
internal sealed record InboundEventBatch(LockId LockId, EventBatch Batch, DateTimeOffset ReceivedAt);

/// <summary>
/// The queues between the MQTT connection, the dispatcher and the event pipeline. Bounded, so a
/// flood from the broker slows the acknowledgements down instead of eating memory; signals from
/// committed transactions never wait.
/// </summary>
internal sealed class FleetChannels
{
    public const int Capacity = 10_000;

    public Channel<FleetInput> Dispatcher { get; } = Channel.CreateBounded<FleetInput>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public Channel<InboundEventBatch> Events { get; } = Channel.CreateBounded<InboundEventBatch>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Never blocks: a commit signal that does not fit is not lost, the dispatcher's periodic outbox scan finds the rows.</summary>
    public void Signal(FleetInput input) => Dispatcher.Writer.TryWrite(input);
}
