using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Locks;
using GuestAccess.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>OpenTelemetry from the server's own providers: one trace from the HTTP request to the lock's reply, and the fleet's metrics.</summary>
public sealed class TelemetryTests
{
    private const string Entrance = "dokk1-hovedindgang";

    [Fact]
    public async Task RemoteUnlock_RequestWithTraceParent_OneTraceRunsThroughOutboxMqttAndTheLocksReply()
    {
        var telemetry = new TelemetryCapture();
        await using var host = await FleetHost.StartAsync(telemetry.AddTo, "--Seed:DemoAccounts=true");
        var simulator = await host.StartSimulatorAsync([Entrance]);
        using var api = await ApiClient.DemoIntegrationAsync(host);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/locks/{Entrance}/remote-unlock")
        {
            Content = JsonContent.Create(new { reason = "Sporing af en fjernåbning", durationSeconds = 2 }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var reply = await Eventually.ValueAsync(
            () => Task.FromResult(telemetry.Trace(traceId).FirstOrDefault(a => a.OperationName == "lock reply command_ack")),
            a => a is not null,
            "the lock's reply span in the request's trace");
        var trace = telemetry.Trace(traceId);
        var http = Assert.Single(trace, a => a.Source.Name == "Microsoft.AspNetCore");
        var stage = Assert.Single(trace, a => a.OperationName == "lock stage remote_unlock");
        var publish = Assert.Single(trace, a => a.OperationName == "lock command remote_unlock");

        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.Equal(callerSpan, http.ParentSpanId);
        Assert.Equal(http.SpanId, stage.ParentSpanId);
        Assert.Equal(stage.SpanId, publish.ParentSpanId); // through the outbox row's traceparent
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(ActivityStatusCode.Ok, publish.Status);
        Assert.Equal(publish.SpanId, reply!.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, reply.Kind);
        Assert.Equal(publish.GetTagItem("messaging.message.id"), reply.GetTagItem("messaging.message.id"));
        // The simulated lock got the context in the command's MQTT 5 user properties and sent it back.
        Assert.Equal("same", reply.GetTagItem("guestaccess.reply.trace_echo"));
        Assert.Equal(LockFleetTelemetry.SourceName, reply.Source.Name);
        await simulator[Entrance].WaitUntilAsync(s => s.LastEventSequence >= 1, Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task GrantDelivered_FleetMetrics_LatencyOnlineEntriesDenialsBatchesAndOutboxLag()
    {
        await using var host = await FleetHost.StartAsync();
        using var meters = new MeterCapture(host.Services.GetRequiredService<IMeterFactory>());
        var simulator = await host.StartSimulatorAsync([Entrance]);
        var grant = await Grants.IssuePinAsync(host, [Entrance], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, Domain.Grants.DoorDeliveryState.Applied);
        var granted = await simulator[Entrance].EnterPinAsync(grant.Pin);
        var denied = await simulator[Entrance].EnterPinAsync(grant.Pin[..^1] + (char)('0' + ((grant.Pin[^1] - '0' + 1) % 10)));
        await Entries.WaitForAsync(host, Entrance, denied.Sequence);
        Assert.True(granted.IsGranted);

        await Eventually.TrueAsync(() => meters.Of("guestaccess.entries").Count >= 2, "both entries counted");
        meters.Collect();
        Assert.Contains(meters.Of("guestaccess.locks.change.applied.duration"), m => m.Value >= 0);
        Assert.Equal(1, meters.Of("guestaccess.locks.online").Last().Value);
        Assert.Contains(meters.Of("guestaccess.entries"), m => Equals(m.Tags["outcome"], "granted") && Equals(m.Tags["method"], "pin"));
        Assert.Contains(meters.Of("guestaccess.entries"), m => Equals(m.Tags["outcome"], "denied"));
        Assert.Equal("wrong_pin", Assert.Single(meters.Of("guestaccess.entries.denied")).Tags["reason"]);
        // A batch holds what the lock had unsent when it published: at least one event, at most every event it produced
        // (its start-up events can travel with the two entries when the machine is busy).
        Assert.All(meters.Of("guestaccess.locks.events.batch.size"), m => Assert.InRange(m.Value, 1, denied.Sequence));
        Assert.True(meters.Of("guestaccess.locks.events.batch.size").Sum(m => m.Value) >= 2);
        Assert.Equal(0, meters.Of("guestaccess.locks.outbox.lag").Last().Value); // everything applied
        Assert.Equal(0, meters.Of("guestaccess.locks.outbox.pending").Last().Value);
    }

    [Fact]
    public async Task OtlpExport_HttpProtobufEndpoint_TracesAndMetricsArriveWithTheConfiguredHeader()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await FleetHost.StartAsync(
            "--Telemetry:Enabled=true",
            "--Telemetry:OtlpProtocol=HttpProtobuf",
            $"--Telemetry:OtlpEndpoint={collector.Endpoint}",
            "--Telemetry:OtlpHeaders=x-api-key=test-collector-key");
        using (var client = new HttpClient { BaseAddress = host.BaseAddress })
        {
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        var telemetryHost = host.Services.GetRequiredService<TelemetryHost>();
        await Eventually.TrueAsync(
            () => telemetryHost.ForceFlush() && collector.Requests.Any(r => r.Signal == "traces") && collector.Requests.Any(r => r.Signal == "metrics"),
            "traces and metrics at the collector");

        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(collector.Requests, r => Assert.Equal("test-collector-key", r.ApiKey));
        Assert.All(collector.Requests, r => Assert.True(r.Bytes > 0));
        Assert.Single(host.Logs.WithEvent(9501)); // the export line names the collector, never the header
        Assert.DoesNotContain(host.Logs.Lines, l => l.Message.Contains("test-collector-key", StringComparison.Ordinal));
    }
}
