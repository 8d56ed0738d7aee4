using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// What the server's own OpenTelemetry providers produce, kept in memory: a span processor and a
/// metric exporter registered in the server's services, which its telemetry host adds to the real
/// tracer and meter providers (the SDK's pipeline, sampler and sources as in production).
/// </summary>
public sealed class TelemetryCapture
{
    private readonly SpanCollector _spans = new();
    private readonly MetricCollector _metrics = new();

    public IReadOnlyCollection<Activity> Spans => _spans.Ended;

    /// <summary>Registers the processor and the metric reader in the server being built.</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BaseProcessor<Activity>>(_spans);
        builder.Services.AddSingleton<MetricReader>(_ => new BaseExportingMetricReader(_metrics));
    }

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Ended.Where(a => a.TraceId == traceId)];

    /// <summary>The last exported points of a metric (after a flush): tags and value (sum, gauge or histogram count).</summary>
    public IReadOnlyList<(Dictionary<string, object?> Tags, double Value)> Points(string metricName) =>
        _metrics.Last.TryGetValue(metricName, out var points) ? points : [];

    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Ended { get; } = new();

        public override void OnEnd(Activity data) => Ended.Enqueue(data);
    }

    private sealed class MetricCollector() : BaseExporter<Metric>
    {
        public ConcurrentDictionary<string, List<(Dictionary<string, object?> Tags, double Value)>> Last { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                var points = new List<(Dictionary<string, object?>, double)>();
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    points.Add((tags, Value(metric.MetricType, point)));
                }

                Last[metric.Name] = points;
            }

            return ExportResult.Success;
        }

        private static double Value(MetricType type, in MetricPoint point) => type switch
        {
            MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
            MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
            MetricType.LongGauge => point.GetGaugeLastValueLong(),
            MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
            MetricType.Histogram or MetricType.ExponentialHistogram => point.GetHistogramCount(),
            _ => double.NaN,
        };
    }
}
