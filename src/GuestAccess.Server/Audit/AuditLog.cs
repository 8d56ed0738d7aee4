namespace GuestAccess.Server.Audit;

/// <summary>The audit log's log messages (event ids 5000-5099). Never logs personal data or key material.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Audit batch committed: {Requests} requests, {Rows} rows")]
    public static partial void BatchCommitted(this ILogger logger, int requests, int rows);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "An audit batch of {Requests} requests failed; retrying each request alone")]
    public static partial void BatchRetried(this ILogger logger, Exception exception, int requests);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "An audit write request failed and was not stored")]
    public static partial void RequestFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Rolling back a failed audit transaction failed too")]
    public static partial void RollbackFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Audit checkpoint signed at sequence {Sequence} with key {KeyId}")]
    public static partial void CheckpointSigned(this ILogger logger, long sequence, string keyId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Writing audit checkpoint {Sequence} to the sink {Directory} failed; it is still in the database")]
    public static partial void CheckpointSinkFailed(this ILogger logger, Exception exception, long sequence, string directory);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Making a timed audit checkpoint failed")]
    public static partial void CheckpointTimerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Audit signing key {KeyId} created")]
    public static partial void SigningKeyCreated(this ILogger logger, string keyId);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "The audit signing key {KeyId} cannot be decrypted (data protection keys lost or changed); a new key is created and the old public key kept for verification")]
    public static partial void SigningKeyUnreadable(this ILogger logger, Exception exception, string keyId);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Audit retention deleted the personal part of {Count} records (WAL truncated: {Truncated})")]
    public static partial void RetentionDeleted(this ILogger logger, int count, bool truncated);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Error, Message = "Audit retention run failed; it is retried at the next interval")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Warning, Message = "Audit verification found {Problems} problems in records {From}-{To}; first at sequence {First}: {Code}")]
    public static partial void VerificationFailed(this ILogger logger, int problems, long from, long to, long? first, string code);
}
