using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// The spans the server's own OpenTelemetry tracer provider ends, kept in memory: a processor
/// registered in the server's services, which its telemetry host adds to the real provider (the
/// SDK's pipeline, sampler and sources as in production).
/// </summary>
public sealed class TelemetryCapture
{
    private readonly SpanCollector _spans = new();

    public IReadOnlyCollection<Activity> Spans => _spans.Ended;

    /// <summary>Registers the processor in the server being built.</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BaseProcessor<Activity>>(_spans);
    }

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Ended.Where(a => a.TraceId == traceId)];

    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Ended { get; } = new();

        public override void OnEnd(Activity data) => Ended.Enqueue(data);
    }
}
