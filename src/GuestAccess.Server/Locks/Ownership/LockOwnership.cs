using System.Threading.Channels;

namespace GuestAccess.Server.Locks.Ownership;

/// <summary>
/// Which locks this server instance drives. The fleet is cut into <see cref="Partitions"/>
/// partitions by lock id; an instance drives the locks of the partitions it holds. With SQLite
/// (one instance) it holds all of them from the start; with PostgreSQL the
/// <see cref="PostgresOwnershipCoordinator"/> holds each partition by a session advisory lock,
/// so exactly one live instance holds it. Read by the dispatcher loop, written by the coordinator.
/// </summary>
internal sealed class LockOwnership
{
    /// <summary>Every instance of a deployment must agree on this; it is not configurable.</summary>
    public const int Partitions = 64;

    private readonly Channel<string> _forward = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool[] _held;

    public LockOwnership(bool clustered)
    {
        IsClustered = clustered;
        _held = Enumerable.Repeat(!clustered, Partitions).ToArray();
    }

    /// <summary>Several instances may share the database (PostgreSQL): ownership and forwarding are live.</summary>
    public bool IsClustered { get; }

    public int HeldCount => _held.Count(h => h);

    /// <summary>Signals to other instances (outbox commits for locks this one does not drive), drained by the coordinator.</summary>
    public ChannelReader<string> Forwarded => _forward.Reader;

    public static int PartitionOf(Guid lockId)
    {
        Span<byte> bytes = stackalloc byte[16];
        lockId.TryWriteBytes(bytes);
        var hash = 17u;
        foreach (var b in bytes)
        {
            hash = (hash * 31) + b;
        }

        return (int)(hash % Partitions);
    }

    public bool Owns(Guid lockId) => _held[PartitionOf(lockId)];

    public bool Holds(int partition) => _held[partition];

    /// <summary>Replaces the set of held partitions (the coordinator after every rebalance).</summary>
    public void Set(IReadOnlySet<int> partitions)
    {
        var next = new bool[Partitions];
        foreach (var p in partitions)
        {
            next[p] = true;
        }

        _held = next;
    }

    /// <summary>Asks the instance that drives these locks to look at their outbox now (no-op with one instance).</summary>
    public void Forward(FleetSignal signal, IEnumerable<Guid> lockIds)
    {
        if (!IsClustered)
        {
            return;
        }

        foreach (var chunk in lockIds.Chunk(ForwardedSignal.MaxLocks))
        {
            _forward.Writer.TryWrite(ForwardedSignal.Format(signal, chunk));
        }
    }
}
