namespace GuestAccess.Server.Web;

/// <summary>
/// The web UI's log events (ids 8000-8099). User and object ids, codes and counts only: never a
/// PIN, a token, a password, a provisioning secret or a form's contents.
/// </summary>
internal static partial class WebLog
{
    [LoggerMessage(8010, LogLevel.Error, "Unhandled exception on web page {Method} {Path} (trace {TraceId})")]
    public static partial void PageFailed(ILogger logger, Exception exception, string method, PathString path, string traceId);
}
