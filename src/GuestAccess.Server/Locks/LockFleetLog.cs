namespace GuestAccess.Server.Locks;

/// <summary>
/// The lock fleet's log events (ids 4000-4099). Lock ids, command ids, reason codes and counts
/// only: never payloads, PINs, hashes, tokens, passwords or key material.
/// </summary>
internal static partial class LockFleetLog
{
    [LoggerMessage(4001, LogLevel.Information, "Created the lock command signing key {KeyId}")]
    public static partial void SigningKeyCreated(ILogger logger, string keyId);

    [LoggerMessage(4002, LogLevel.Information, "Lock fleet connected to the MQTT broker as {ClientId} (session present {SessionPresent})")]
    public static partial void BrokerConnected(ILogger logger, string clientId, bool sessionPresent);

    [LoggerMessage(4003, LogLevel.Warning, "Lock fleet lost its MQTT broker connection ({Reason}); reconnecting")]
    public static partial void BrokerDisconnected(ILogger logger, string reason);

    [LoggerMessage(4004, LogLevel.Warning, "Lock fleet cannot reach the MQTT broker at {Host}:{Port} (attempt {Attempt}): {Detail}")]
    public static partial void BrokerConnectFailed(ILogger logger, string host, int port, int attempt, string detail);

    [LoggerMessage(4010, LogLevel.Warning, "Dropped an unreadable message from lock {LockId}: {Code} ({Detail})")]
    public static partial void InboundRejected(ILogger logger, string lockId, string code, string detail);

    [LoggerMessage(4011, LogLevel.Information, "Ignored a retained copy on the {Topic} topic of lock {LockId}")]
    public static partial void RetainedIgnored(ILogger logger, string lockId, string topic);

    [LoggerMessage(4020, LogLevel.Information, "Lock dispatcher started with {Locks} locks, {Pending} with pending changes")]
    public static partial void DispatcherStarted(ILogger logger, int locks, int pending);

    [LoggerMessage(4021, LogLevel.Error, "A lock dispatcher turn failed; the work is retried")]
    public static partial void DispatcherTurnFailed(ILogger logger, Exception exception);

    [LoggerMessage(4022, LogLevel.Warning, "Lock {LockId} rejected {CommandType}: {Reason} ({Detail})")]
    public static partial void CommandRejected(ILogger logger, string lockId, string commandType, string reason, string detail);

    [LoggerMessage(4023, LogLevel.Warning, "Lock {LockId} rejected command {CommandId} that this server is not waiting for: {Reason} (forged, replayed or stale)")]
    public static partial void ForeignCommandRejected(ILogger logger, string lockId, string reason, string commandId);

    [LoggerMessage(4024, LogLevel.Information, "Lock {LockId} did not answer {CommandType} {CommandId} in time; retrying")]
    public static partial void AckTimedOut(ILogger logger, string lockId, string commandType, string commandId);

    [LoggerMessage(4025, LogLevel.Warning, "Lock {LockId}: {Detail}")]
    public static partial void CapacityExceeded(ILogger logger, string lockId, string detail);

    [LoggerMessage(4026, LogLevel.Error, "Lock {LockId}: the change handed to the dispatcher differs from what the database holds: {Difference}")]
    public static partial void DirectDeltaDiffers(ILogger logger, string lockId, string difference);

    [LoggerMessage(4030, LogLevel.Warning, "Lock {LockId} counts events only up to {LastEventSeq} but the server has confirmed up to {Confirmed}: its storage was lost; re-provision it")]
    public static partial void EventCounterWentBack(ILogger logger, string lockId, long lastEventSeq, long confirmed);

    [LoggerMessage(4032, LogLevel.Information, "Lock {LockId}: a status counting events up to {LastEventSeq} was written before event {Confirmed}, which is stored: an old copy, its counters are not checked")]
    public static partial void StaleStatusCounters(ILogger logger, string lockId, long lastEventSeq, long confirmed);

    [LoggerMessage(4031, LogLevel.Warning, "Lock {LockId} holds no unconfirmed events but the server never stored {From}..{To}")]
    public static partial void EventsMissing(ILogger logger, string lockId, long from, long to);

    [LoggerMessage(4040, LogLevel.Information, "Wrote the development provisioning bundle for {Locks} locks ({Fresh} with new credentials) to {Path}")]
    public static partial void DevBundleWritten(ILogger logger, int locks, int fresh, string path);

    [LoggerMessage(4041, LogLevel.Warning, "The development provisioning bundle {Path} cannot be read ({Error}); every lock gets new credentials")]
    public static partial void DevBundleUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(4042, LogLevel.Warning, "The development fleet has {Locks} locks, more than one provisioning bundle holds: written as {Parts} bundles of at most {PerFile} (provisioning.json, provisioning-2.json, ...), one simulator each")]
    public static partial void DevBundleSplit(ILogger logger, int locks, int parts, int perFile);

    [LoggerMessage(4050, LogLevel.Error, "Storing {Count} events of lock {LockId} failed; nothing confirmed, the lock sends them again")]
    public static partial void IngestionFailed(ILogger logger, Exception exception, string lockId, int count);

    [LoggerMessage(4051, LogLevel.Warning, "{Count} events of lock {LockId} were refused by the entry log ({Code}); they are not confirmed")]
    public static partial void EventsRejected(ILogger logger, string lockId, int count, string code);

    [LoggerMessage(4052, LogLevel.Warning, "Lock {LockId} did not replay events {From}..{To} after three requests: they are lost (see its events_dropped events)")]
    public static partial void EventsLost(ILogger logger, string lockId, long from, long to);

    [LoggerMessage(4053, LogLevel.Warning, "Confirming stored events to lock {LockId} failed; it keeps them and sends them again (stored once)")]
    public static partial void ConfirmFailed(ILogger logger, Exception exception, string lockId);

    [LoggerMessage(4054, LogLevel.Information, "Shutdown: stored {Events} buffered lock events and sent {Confirmations} waiting confirmations in {Milliseconds} ms")]
    public static partial void IngestionFlushed(ILogger logger, int events, int confirmations, long milliseconds);
}
