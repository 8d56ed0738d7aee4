using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>Simulated lock log events (ids 7000-7049). Never PINs, tokens, salts, hashes or passwords.</summary>
internal static partial class SimLog
{
    [LoggerMessage(7001, LogLevel.Information, "Lock {LockId} booted (state on disk: {Existed}, applied version {Version}, {Pending} unconfirmed events)")]
    public static partial void Booted(ILogger logger, string lockId, bool existed, long version, int pending);

    [LoggerMessage(7002, LogLevel.Information, "Lock {LockId} connected to {Broker}")]
    public static partial void Connected(ILogger logger, string lockId, string broker);

    [LoggerMessage(7003, LogLevel.Information, "Lock {LockId} lost its connection ({Reason})")]
    public static partial void ConnectionLost(ILogger logger, string lockId, string reason);

    [LoggerMessage(7004, LogLevel.Information, "Lock {LockId}: connect attempt {Attempt} failed: {ErrorType}: {Detail}")]
    public static partial void ConnectFailed(ILogger logger, string lockId, int attempt, string errorType, string detail);

    [LoggerMessage(7005, LogLevel.Information, "Lock {LockId} goes offline (for {Seconds} s; null = until told)")]
    public static partial void WentOffline(ILogger logger, string lockId, double? seconds);

    [LoggerMessage(7006, LogLevel.Information, "Lock {LockId}: network connection cut")]
    public static partial void Disconnected(ILogger logger, string lockId);

    [LoggerMessage(7007, LogLevel.Information, "Lock {LockId}: power cycle")]
    public static partial void PowerCycled(ILogger logger, string lockId);

    [LoggerMessage(7010, LogLevel.Information, "Lock {LockId} executed {CommandType} {CommandId}; applied version {Version}")]
    public static partial void CommandExecuted(ILogger logger, string lockId, string commandType, string commandId, long version);

    [LoggerMessage(7011, LogLevel.Warning, "Lock {LockId} rejected command {CommandId}: {Reason}")]
    public static partial void CommandRejected(ILogger logger, string lockId, string commandId, string reason);

    [LoggerMessage(7012, LogLevel.Information, "Lock {LockId}: command {CommandId} delivered again; re-sent its reply without acting")]
    public static partial void DuplicateCommand(ILogger logger, string lockId, string commandId);

    [LoggerMessage(7013, LogLevel.Warning, "Lock {LockId} stepped its clock forward by {Seconds} s to a verified command's issuedAt")]
    public static partial void ClockStepped(ILogger logger, string lockId, long seconds);

    [LoggerMessage(7020, LogLevel.Information, "Lock {LockId} event {Sequence}: {Method} {Outcome} ({Reason})")]
    public static partial void Entry(ILogger logger, string lockId, long sequence, string method, string outcome, string reason);

    [LoggerMessage(7021, LogLevel.Information, "Lock {LockId} event {Sequence}: {Kind}")]
    public static partial void DoorEvent(ILogger logger, string lockId, long sequence, string kind);

    [LoggerMessage(7022, LogLevel.Warning, "Lock {LockId}: event buffer full, dropped the {Count} oldest unconfirmed events")]
    public static partial void EventsDropped(ILogger logger, string lockId, int count);

    [LoggerMessage(7030, LogLevel.Debug, "Lock {LockId}: fault {Fault} on {Topic}")]
    public static partial void FaultInjected(ILogger logger, string lockId, string fault, string topic);

    [LoggerMessage(7031, LogLevel.Warning, "Lock {LockId}: the broker refused a publish to {Topic} ({ReasonCode})")]
    public static partial void PublishRefused(ILogger logger, string lockId, string topic, string reasonCode);
}
