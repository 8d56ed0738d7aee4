namespace GuestAccess.Server.Hosting;

/// <summary>
/// Start-up cannot continue because of configuration or data the operator must fix. The message
/// names the setting or file (and line) and is printed alone, without a stack trace.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
