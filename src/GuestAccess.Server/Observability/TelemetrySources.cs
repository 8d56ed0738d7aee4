using GuestAccess.Server.Locks;

namespace GuestAccess.Server.Observability;

/// <summary>
/// The ActivitySources and Meters the telemetry host listens to, by name: the server's own and
/// those the platform emits natively (the OpenTelemetry instrumentation packages are not
/// available here, and for these they are not needed).
/// </summary>
public static class TelemetrySources
{
    /// <summary>Spans: ASP.NET Core requests, outgoing HttpClient calls, Npgsql commands, the lock fleet.</summary>
    public static readonly IReadOnlyList<string> ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Npgsql",
        LockFleetTelemetry.SourceName,
    ];

    /// <summary>Metrics: HTTP server and Kestrel, EF Core, Npgsql, HttpClient, the runtime, the broker, the lock fleet.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "System.Net.Http",
        "System.Runtime",
        "GuestAccess.Mqtt", // the embedded broker (MqttBrokerMetrics)
        LockFleetMetrics.MeterName,
    ];
}
