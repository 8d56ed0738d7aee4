using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GuestAccess.Server.Observability;

/// <summary>
/// Owns the OpenTelemetry tracer and meter providers (the hosting package is not available
/// here): built when the host starts — registered first, so it listens before the other
/// services start — and flushed and disposed when it stops, last. Exports over OTLP when
/// <see cref="TelemetryOptions.Enabled"/>; processors and metric readers registered in DI (tests,
/// diagnostics) are added too.
/// </summary>
internal sealed class TelemetryHost(
    IOptions<TelemetryOptions> options,
    IEnumerable<BaseProcessor<Activity>> processors,
    IEnumerable<MetricReader> readers,
    ILogger<TelemetryHost> logger) : IHostedService, IDisposable
{
    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var extraProcessors = processors.ToList();
        var extraReaders = readers.ToList();
        var resource = ResourceBuilder.CreateDefault().AddService(
            o.ServiceName,
            serviceVersion: typeof(TelemetryHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            serviceInstanceId: o.EffectiveServiceInstanceId);

        if ((o.Enabled && o.ExportTraces) || extraProcessors.Count > 0)
        {
            var builder = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource([.. TelemetrySources.ActivitySources])
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(o.TraceSampleRatio)));
            if (o.Enabled && o.ExportTraces)
            {
                builder.AddOtlpExporter(e => Configure(e, o, "v1/traces"));
            }

            foreach (var processor in extraProcessors)
            {
                builder.AddProcessor(processor);
            }

            _tracer = builder.Build();
        }

        if ((o.Enabled && o.ExportMetrics) || extraReaders.Count > 0)
        {
            var builder = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter([.. TelemetrySources.Meters]);
            if (o.Enabled && o.ExportMetrics)
            {
                builder.AddOtlpExporter((e, reader) =>
                {
                    Configure(e, o, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)o.MetricExportInterval.TotalMilliseconds;
                });
            }

            foreach (var reader in extraReaders)
            {
                builder.AddReader(reader);
            }

            _meter = builder.Build();
        }

        if (o.Enabled)
        {
            TelemetryLog.ExportStarted(logger, o.OtlpEndpoint.GetLeftPart(UriPartial.Authority), o.OtlpProtocol.ToString(), o.ExportTraces, o.ExportMetrics, o.ServiceName, o.EffectiveServiceInstanceId);
        }
        else
        {
            TelemetryLog.ExportOff(logger);
        }

        return Task.CompletedTask;
    }

    /// <summary>Exports what is buffered now (traces and metrics); false when an exporter failed or timed out.</summary>
    public bool ForceFlush(int timeoutMilliseconds = 5000) =>
        (_tracer?.ForceFlush(timeoutMilliseconds) ?? true) & (_meter?.ForceFlush(timeoutMilliseconds) ?? true);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Runs last: the spans and metrics of the other services' shutdown are in the final export.
        if (!ForceFlush())
        {
            TelemetryLog.FlushFailed(logger);
        }

        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _tracer = null;
        _meter?.Dispose();
        _meter = null;
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions o, string signalPath)
    {
        exporter.Protocol = o.OtlpProtocol switch
        {
            OtlpProtocol.Grpc => OtlpExportProtocol.Grpc,
            OtlpProtocol.HttpProtobuf => OtlpExportProtocol.HttpProtobuf,
        };

        // An endpoint set in code is used as is; over HTTP each signal has its own path.
        exporter.Endpoint = o.OtlpProtocol == OtlpProtocol.HttpProtobuf && o.OtlpEndpoint.AbsolutePath is "/" or ""
            ? new Uri(o.OtlpEndpoint, signalPath)
            : o.OtlpEndpoint;
        if (o.OtlpHeaders is { Length: > 0 } headers)
        {
            exporter.Headers = headers;
        }
    }
}
