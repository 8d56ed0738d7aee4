using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Observability;

/// <summary>How the OTLP exporter talks to the collector.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (collector port 4317).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (collector port 4318, paths /v1/traces and /v1/metrics).</summary>
    HttpProtobuf,
}

/// <summary>
/// Section <c>Telemetry</c>: OpenTelemetry traces and metrics exported over OTLP. Off by default
/// (the one-process pilot needs no collector); the sources and meters are listened to only when
/// an exporter is on, so they cost nothing otherwise.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Export traces and metrics to <see cref="OtlpEndpoint"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The collector: <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318</c> (HTTP; the signal paths are added).</summary>
    public Uri OtlpEndpoint { get; set; } = new("http://localhost:4317");

    /// <summary>OTLP over gRPC or over HTTP with protobuf bodies.</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Extra OTLP request headers as <c>key=value,key2=value2</c> (e.g. an API key of a hosted collector). Never logged.</summary>
    public string? OtlpHeaders { get; set; }

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "guestaccess-server";

    /// <summary>The <c>service.instance.id</c>; default: the machine name and process id (unique per server instance).</summary>
    public string? ServiceInstanceId { get; set; }

    /// <summary>Export traces (when <see cref="Enabled"/>).</summary>
    public bool ExportTraces { get; set; } = true;

    /// <summary>Export metrics (when <see cref="Enabled"/>).</summary>
    public bool ExportMetrics { get; set; } = true;

    /// <summary>Share of new traces recorded (0..1); a trace started elsewhere follows its parent's decision.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    public string EffectiveServiceInstanceId => ServiceInstanceId ?? $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!options.OtlpEndpoint.IsAbsoluteUri || options.OtlpEndpoint.Scheme is not ("http" or "https"))
        {
            errors.Add("Telemetry:OtlpEndpoint must be an absolute http:// or https:// address.");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            errors.Add($"Telemetry:OtlpProtocol must be one of: {string.Join(", ", Enum.GetNames<OtlpProtocol>())}.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add("Telemetry:ServiceName must not be empty.");
        }

        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            errors.Add("Telemetry:TraceSampleRatio must be 0 to 1.");
        }

        if (options.MetricExportInterval < TimeSpan.FromSeconds(1) || options.MetricExportInterval > TimeSpan.FromHours(1))
        {
            errors.Add("Telemetry:MetricExportInterval must be 1 second to 1 hour.");
        }

        if (options.OtlpHeaders is { Length: > 0 } headers && headers.Split(',').Any(h => h.IndexOf('=', StringComparison.Ordinal) < 1))
        {
            errors.Add("Telemetry:OtlpHeaders must be key=value pairs separated by commas.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
