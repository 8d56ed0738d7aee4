namespace GuestAccess.Server.Locks.Ownership;

/// <summary>Log events of lock ownership between server instances (ids 7000-7099). Counts and reasons only.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(7000, LogLevel.Information, "Joined the server instances on this database; taking a share of the lock partitions")]
    public static partial void JoinedCluster(ILogger logger);

    [LoggerMessage(7001, LogLevel.Information, "Lock ownership: now driving {Partitions} of 64 lock partitions ({Reason})")]
    public static partial void OwnershipChanged(ILogger logger, int partitions, string reason);

    [LoggerMessage(7002, LogLevel.Information, "Took over {Acquired} lock partitions ({Held} held, {Members} server instances)")]
    public static partial void PartitionsAcquired(ILogger logger, int acquired, int held, int members);

    [LoggerMessage(7003, LogLevel.Information, "Handed {Released} lock partitions to other instances ({Held} held, {Members} server instances)")]
    public static partial void PartitionsReleased(ILogger logger, int released, int held, int members);

    [LoggerMessage(7004, LogLevel.Warning, "Lock ownership session to PostgreSQL failed ({Detail}); driving no locks until it is back")]
    public static partial void OwnershipSessionFailed(ILogger logger, string detail);

    [LoggerMessage(7005, LogLevel.Information, "Shutdown: handed all {Partitions} lock partitions over")]
    public static partial void HandedOver(ILogger logger, int partitions);

    [LoggerMessage(7006, LogLevel.Warning, "Could not wake the instance that drives some locks ({Detail}); its outbox scan will find the work")]
    public static partial void ForwardFailed(ILogger logger, string detail);

    [LoggerMessage(7010, LogLevel.Information, "Shutdown: delivering the staged commands of the online locks this instance drives (at most {Timeout})")]
    public static partial void DrainStarted(ILogger logger, TimeSpan timeout);

    [LoggerMessage(7011, LogLevel.Information, "Shutdown: lock outbox drained in {Elapsed} ms")]
    public static partial void Drained(ILogger logger, long elapsed);

    [LoggerMessage(7012, LogLevel.Warning, "Shutdown: {Locks} online locks still had staged changes after {Timeout}; the next instance delivers them")]
    public static partial void DrainTimedOut(ILogger logger, int locks, TimeSpan timeout);

    [LoggerMessage(7020, LogLevel.Critical, "Another GuestAccess server already uses the SQLite database {Path}; SQLite serves one instance (use PostgreSQL for several)")]
    public static partial void SqliteShared(ILogger logger, string path);
}
