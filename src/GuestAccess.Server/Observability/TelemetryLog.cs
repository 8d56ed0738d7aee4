namespace GuestAccess.Server.Observability;

/// <summary>Telemetry and operations log events (ids 9500-9599). Never OTLP headers (they may hold API keys).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(9501, LogLevel.Information, "Exporting telemetry over OTLP to {Endpoint} ({Protocol}; traces {Traces}, metrics {Metrics}) as {ServiceName}/{InstanceId}")]
    public static partial void ExportStarted(ILogger logger, string endpoint, string protocol, bool traces, bool metrics, string serviceName, string instanceId);

    [LoggerMessage(9502, LogLevel.Information, "Telemetry export is off (Telemetry:Enabled=false)")]
    public static partial void ExportOff(ILogger logger);

    [LoggerMessage(9503, LogLevel.Warning, "Telemetry could not be flushed at shutdown; the last spans or metrics may be missing at the collector")]
    public static partial void FlushFailed(ILogger logger);
}
