using System.Diagnostics;
using GuestAccess.Server.Locks.Ownership;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Graceful shutdown: after SIGTERM the loop keeps running (the web server has stopped taking
/// requests, the broker connection is still up) until every online lock this instance drives has
/// applied its staged changes and remote unlocks, or <see cref="ClusterOptions.DrainTimeout"/> has
/// passed. What is left stays in the outbox for the next owner.
/// </summary>
internal sealed partial class LockDispatcher
{
    private int _publishing;
    private long _drainStarted;

    private CancellationToken StartDrain(CancellationTokenSource drain)
    {
        _drainStarted = Stopwatch.GetTimestamp();
        var timeout = cluster.Value.DrainTimeout;
        drain.CancelAfter(timeout);
        // Scan the outbox at once: rows other processes staged are delivered too, not only those this one was told about.
        _nextSafetyScan = clock.GetUtcNow();
        ClusterLog.DrainStarted(logger, timeout);
        return drain.Token;
    }

    private bool IsDrained() => Volatile.Read(ref _publishing) == 0 && Undelivered() == 0;

    /// <summary>Online locks this instance drives with changes or unlocks not yet applied.</summary>
    private int Undelivered() => _byId.Values.Count(r =>
        r.Owned && r.IsReachable && ((r.PendingSince is not null && !r.Parked) || r.Unlocks.Count > 0));

    private void EndDrain()
    {
        if (_drainStarted == 0)
        {
            return;
        }

        var left = Undelivered();
        if (left == 0)
        {
            ClusterLog.Drained(logger, (long)Stopwatch.GetElapsedTime(_drainStarted).TotalMilliseconds);
        }
        else
        {
            ClusterLog.DrainTimedOut(logger, left, cluster.Value.DrainTimeout);
        }
    }
}
