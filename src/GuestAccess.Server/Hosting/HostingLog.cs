namespace GuestAccess.Server.Hosting;

/// <summary>Log events of the server process itself (ids 1300-1399).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1300, LogLevel.Information, "Asked to stop while starting; stopping what already runs in order")]
    public static partial void StoppedWhileStarting(ILogger logger);
}
