using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Benchmarks.Scale;

internal sealed record HttpLoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>Closed-loop HTTP load: N concurrent callers repeat one GET for a while; requests/s and latency percentiles.</summary>
internal static class HttpLoad
{
    public static async Task<HttpLoadResult> RunAsync(HttpClient client, string path, TimeSpan duration, int concurrency)
    {
        // Warm-up (JIT, connections, caches), not counted.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => client.GetAsync(path)));
        var latencies = new List<double>[concurrency];
        long errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add((clock.Elapsed - started).TotalMilliseconds);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new HttpLoadResult(all.Length / seconds, RushStep.Percentile(all, 0.5), RushStep.Percentile(all, 0.99), errors);
    }
}

/// <summary>`scale --kestrel`: the baseline, a bare Kestrel endpoint returning a small JSON document, in its own process like the server.</summary>
internal static class BareKestrel
{
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/hello", () => Results.Json(new { id = Guid.Empty, status = "active", readiness = "ready" }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("URL " + address);
        await Console.In.ReadLineAsync(); // until the benchmark closes stdin
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the baseline process; the caller kills it.</summary>
    public static async Task<(Process Process, Uri Address)> StartAsync()
    {
        var process = Process.Start(SimulatorProcess.SelfStart("scale", "--kestrel"))!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The bare Kestrel process did not start.");
        return (process, new Uri(line[4..]));
    }
}
