using System.Diagnostics;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>What one rate of the morning rush did, measured after its warm-up.</summary>
internal sealed record RushResult(
    double Offered,
    double Produced,
    double Stored,
    double LagP50Ms,
    double LagP99Ms,
    double LagMaxMs,
    double ServerCores,
    double WriterCore,
    double SimulatorCores,
    double BrokerCores,
    double DatabaseCores,
    long ServerRss)
{
    /// <summary>The server kept up: it stored at least 90% of what the locks produced, and the lag did not run away.</summary>
    public bool KeptUp => Stored >= 0.9 * Produced && LagP99Ms < 5_000;
}

/// <summary>Holds one entry rate across the fleet and measures ingestion, lag and CPU.</summary>
internal static class RushStep
{
    public static async Task<RushResult> RunAsync(ScaleSystem system, double rate, TimeSpan warmup, TimeSpan duration)
    {
        await system.Simulator.SetRateAsync(rate);
        _ = await system.Simulator.TimesAsync(); // what the previous rate produced
        await Task.Delay(warmup);
        var times = await system.Simulator.TimesAsync();
        var server = new CpuMeter(system.Server.Pid, "audit-writer");
        var simulator = new CpuMeter(system.Simulator.Pid);
        var broker = system.Broker is { Pid: > 0 } b ? new CpuMeter(b.Pid) : null;
        var database = system.Database.Postgres is { } postgres ? new CpuMeter(postgres.Pid, children: true) : null;
        var from = system.Probe.Head();
        var producedBefore = (await system.Simulator.DumpAsync()).Produced;
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var to = system.Probe.Head();
        var producedAfter = (await system.Simulator.DumpAsync()).Produced;
        var seconds = clock.Elapsed.TotalSeconds;
        var (serverCores, writer) = server.Sample();
        var (simulatorCores, _) = simulator.Sample();
        var brokerCores = broker?.Sample().Cores ?? 0;
        var databaseCores = database?.Sample().Cores ?? 0;
        var rss = system.Server.ResidentBytes();
        foreach (var (key, value) in await system.Simulator.TimesAsync())
        {
            times[key] = value;
        }

        var lags = system.Probe.LagsMs(from, to, times);
        var stored = system.Probe.EntriesBetween(from, to);
        return new RushResult(
            rate,
            (producedAfter - producedBefore) / seconds,
            stored / seconds,
            Percentile(lags, 0.50),
            Percentile(lags, 0.99),
            lags.Length == 0 ? 0 : lags[^1],
            serverCores,
            writer,
            simulatorCores,
            brokerCores,
            databaseCores,
            rss);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
