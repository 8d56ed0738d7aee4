using System.Diagnostics;

namespace GuestAccess.Server.Locks;

/// <summary>
/// The lock fleet's spans (ActivitySource <c>GuestAccess.Locks</c>): staging a change in the
/// caller's transaction, publishing a command (its W3C trace context travels in the MQTT 5 user
/// properties <c>traceparent</c>/<c>tracestate</c>), and the lock's reply, which continues the
/// trace of the command it answers.
/// </summary>
public static class LockFleetTelemetry
{
    public const string SourceName = "GuestAccess.Locks";

    public const string TraceParentProperty = "traceparent";

    public const string TraceStateProperty = "tracestate";

    internal static readonly ActivitySource Source = new(SourceName);
}
