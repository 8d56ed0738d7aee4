using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Entries;

namespace GuestAccess.Server.Locks.Inbound;

/// <summary>What one <c>confirm_events</c> to a lock says: everything up to <see cref="UpTo"/> and the stored sequences above it.</summary>
internal sealed record Confirmation(LockId LockId, long UpTo, IReadOnlyList<long> Above);

/// <summary>
/// Paces <c>confirm_events</c>: at most one per lock per interval. The first stored batch of a
/// lock that has not been confirmed within the interval is confirmed at once; what a lock stores
/// within the interval after that is merged and confirmed when the interval ends, by one signed
/// command that covers all of it. Signing is the expensive part of a confirmation, and in a
/// rush a lock sends many small batches. Only durably stored sequences are ever merged in (an
/// <see cref="IngestResult"/> is reported after the commit), so a confirmation never covers
/// more than is stored. Thread-safe; the pacing clock is monotonic, not the lock or wall clock.
/// </summary>
internal sealed class PendingConfirmations(TimeSpan interval, Func<long> now)
{
    private readonly Dictionary<LockId, State> _locks = [];

    public TimeSpan Interval => interval;

    /// <summary>Merges what a call stored; returns the confirmation to send now, or null when it waits for the interval to end.</summary>
    public Confirmation? Add(LockId lockId, IngestResult result)
    {
        if (result.Stored.Count == 0)
        {
            return null;
        }

        var at = now();
        lock (_locks)
        {
            if (!_locks.TryGetValue(lockId, out var state))
            {
                _locks[lockId] = state = new State();
            }

            state.Merge(result);
            if (at < state.NextAt)
            {
                return null;
            }

            state.NextAt = at + interval.Ticks;
            return state.Take(lockId);
        }
    }

    /// <summary>The merged confirmations whose interval has ended; forgets locks with nothing left to confirm.</summary>
    public List<Confirmation> TakeDue()
    {
        var at = now();
        var due = new List<Confirmation>();
        lock (_locks)
        {
            List<LockId>? idle = null;
            foreach (var (lockId, state) in _locks)
            {
                if (at < state.NextAt)
                {
                    continue;
                }

                if (state.Pending)
                {
                    state.NextAt = at + interval.Ticks;
                    due.Add(state.Take(lockId));
                }
                else
                {
                    (idle ??= []).Add(lockId);
                }
            }

            foreach (var lockId in idle ?? [])
            {
                _locks.Remove(lockId);
            }
        }

        return due;
    }

    /// <summary>Every merged confirmation, due or not, and forgets every lock (a graceful stop confirms what is stored before the broker connection goes).</summary>
    public List<Confirmation> TakeAll()
    {
        var all = new List<Confirmation>();
        lock (_locks)
        {
            foreach (var (lockId, state) in _locks)
            {
                while (state.Pending)
                {
                    all.Add(state.Take(lockId));
                }
            }

            _locks.Clear();
        }

        return all;
    }

    /// <summary>Locks with a merged confirmation still waiting.</summary>
    public int Waiting
    {
        get
        {
            lock (_locks)
            {
                return _locks.Values.Count(s => s.Pending);
            }
        }
    }

    private sealed class State
    {
        private readonly SortedSet<long> _above = [];
        private long _upTo;

        public long NextAt { get; set; } = long.MinValue;

        public bool Pending { get; private set; }

        public void Merge(IngestResult result)
        {
            _upTo = Math.Max(_upTo, result.ContiguousUpTo);
            foreach (var sequence in result.Stored)
            {
                if (sequence > _upTo)
                {
                    _above.Add(sequence);
                }
            }

            _above.RemoveWhere(s => s <= _upTo);
            Pending = true;
        }

        public Confirmation Take(LockId lockId)
        {
            var above = _above.Take(ConfirmEvents.MaxSequences).ToList();
            foreach (var sequence in above)
            {
                _above.Remove(sequence);
            }

            Pending = _above.Count > 0;
            return new Confirmation(lockId, _upTo, above);
        }
    }
}
