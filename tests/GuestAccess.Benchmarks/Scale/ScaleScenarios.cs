using System.Globalization;
using static GuestAccess.Benchmarks.Scale.ScaleReport;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>Scenarios 1, 2, 3, 5 and 6 of issue 10 (4, failures, is <see cref="FailureScenarios"/>).</summary>
internal sealed class ScaleScenarios(ScaleReport report, ScaleOptions options)
{
    public const string Header = """
        # Benchmarks: the whole system at scale

        Produced by `tests/GuestAccess.Benchmarks` verb `scale` (issue 10): the real server process
        (`GuestAccess.Server serve`, SQLite — with `--postgres` also PostgreSQL —, development mode), the embedded broker or a Mosquitto 2.0
        process, and one simulator process (the firmware-sim library, every lock a real MQTT client with
        its own credentials, signed commands, durable event journal). Entry traffic is random PINs at
        random locks (every attempt is an event: wrong_pin, then locked_out). Lag is the audit record's
        recorded_at minus the instant the simulator started the entry (microseconds; the wire format
        carries the lock's event time in whole seconds, too coarse for a 1 s target).
        Grants and revocations are a citizen's booking and cancellation over the HTTP API with a real
        token, timed to the key's readiness (every door applied / removed) seen through the API.

        """;

    private readonly Dictionary<(string System, double Rate), RushResult> _compared = [];
    private readonly Dictionary<double, RushResult> _sqliteRush = [];
    private double _sustained;

    /// <summary>Scenario 1: connect every lock; server memory and CPU at rest.</summary>
    public async Task ConnectAsync(ScaleSystem system)
    {
        report.Section($"1. {options.Locks:N0} locks connected ({system.Name})");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idleCpu = new CpuMeter(system.Server.Pid);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = (Rss: system.Server.ResidentBytes(), Cpu: idleCpu.Sample().Cores);
        var connect = await system.ConnectLocksAsync();
        await Task.Delay(TimeSpan.FromSeconds(10)); // statuses, syncs and replays of the connect settle
        var restCpu = new CpuMeter(system.Server.Pid);
        var brokerCpu = system.Broker is { } b ? new CpuMeter(b.Pid) : null;
        await Task.Delay(TimeSpan.FromSeconds(10));
        var rest = (Rss: system.Server.ResidentBytes(), Cpu: restCpu.Sample().Cores);
        var locks = (await system.Simulator.DumpAsync()).Connected;
        report.Row($"locks connected (of {options.Locks:N0}, the 33 seeded ones included)", locks, "0");
        report.Row("time to connect them all (s)", connect.TotalSeconds, "0.0", string.Create(CultureInfo.InvariantCulture, $"{locks / connect.TotalSeconds:0} connections/s"));
        report.Row("server RSS before any lock connected (MiB)", idle.Rss / 1048576.0, "0", "baseline");
        report.Row("server RSS with every lock connected, at rest (MiB)", rest.Rss / 1048576.0, "0", Ratio(rest.Rss, idle.Rss, "of baseline") + (rest.Rss < 1L << 30 ? "; target < 1 GiB: met" : "; target < 1 GiB: MISSED"));
        report.Row("server memory per connected lock (KB)", (rest.Rss - idle.Rss) / (double)locks / 1024, "0.0", "RSS growth / locks");
        report.Row("server CPU before any lock connected (cores)", idle.Cpu, "0.000", "baseline");
        report.Row("server CPU at rest with every lock connected (cores)", rest.Cpu, "0.000", Ratio(rest.Cpu, Math.Max(idle.Cpu, 0.001), "of baseline"));
        if (brokerCpu is not null && system.Broker is { } broker)
        {
            report.Row("Mosquitto RSS with every lock connected (MiB)", ProcessStats.ResidentBytes(broker.Pid) / 1048576.0, "0");
            report.Row("Mosquitto CPU at rest (cores)", brokerCpu.Sample().Cores, "0.000");
        }

        report.Row("simulator process RSS (MiB)", ProcessStats.ResidentBytes(system.Simulator.Pid) / 1048576.0, "0");
    }

    /// <summary>Scenario 2: the morning rush, stepping the rate up until the server falls behind.</summary>
    public async Task RushAsync(ScaleSystem system)
    {
        var postgres = system.Database.IsPostgres;
        report.Section($"2. Morning rush ({system.Name})", string.Create(CultureInfo.InvariantCulture,
            $"Each rate held {options.Step.TotalSeconds:0} s after {options.Warmup.TotalSeconds:0} s warm-up. Stored = entry events whose audit record was written in the window.") +
            " Writer = the audit-writer thread's share of one core (the single writer of the audit chain). Kept up = stored ≥ 90% of produced and p99 lag < 5 s." +
            (postgres ? " PostgreSQL = its postmaster and backends. Ratios are PostgreSQL / SQLite at the same offered rate, measured earlier in this run." : ""));
        RushResult? last = null;
        var sustained = 0.0;
        for (var rate = options.StartRate; rate <= options.MaxRate; rate += options.RateStep)
        {
            var r = await RushStep.RunAsync(system, rate, options.Warmup, options.Step);
            RushRow(r, postgres && _sqliteRush.TryGetValue(rate, out var sqlite) ? string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL / SQLite: stored ×{r.Stored / sqlite.Stored:0.00}, p50 ×{r.LagP50Ms / sqlite.LagP50Ms:0.00}, p99 ×{r.LagP99Ms / sqlite.LagP99Ms:0.00}, server CPU ×{r.ServerCores / sqlite.ServerCores:0.00}, server + PostgreSQL CPU ×{(r.ServerCores + r.DatabaseCores) / sqlite.ServerCores:0.00}") : "");
            if (!postgres && !system.UsesMosquitto)
            {
                _sqliteRush[rate] = r;
            }

            last = r;
            if (!r.KeptUp)
            {
                break;
            }

            sustained = r.Stored;
            _compared[(system.Name, rate)] = r;
        }

        if (!postgres)
        {
            _sustained = sustained;
        }

        await system.Simulator.SetRateAsync(0);
        var drain = await system.DrainAsync(TimeSpan.FromMinutes(10));
        report.Row("backlog drained after the last step (s)", drain.Took.TotalSeconds, "0.0", (drain.Drained ? "every event confirmed" : $"NOT drained: {drain.Last.Pending} events still unconfirmed") + Nudged(drain.Nudges));
        report.Row("sustained ingestion rate (entries/s, highest step kept up)", sustained, "0", Ratio(sustained, 5000, "of the 5,000/s target"));
        if (last is not null)
        {
            report.Note(Bottleneck(last));
        }
    }

    /// <summary>Scenario 3: grant → applied and revoke → applied, idle (baseline) and during the rush.</summary>
    public async Task GrantsAsync(ScaleSystem system)
    {
        report.Section($"3. Grant and revoke under load ({system.Name})", string.Create(CultureInfo.InvariantCulture,
            $"{options.GrantCycles} cycles each, one after another: book (key to 2 doors) → ready, cancel → removed. p99 of {options.GrantCycles} samples is close to the maximum."));
        using var citizen = await ApiSession.CitizenAsync(system, "borger@demo.guestaccess.dk");
        var idle = new GrantCycles(citizen);
        await idle.RunAsync(options.GrantCycles);
        await system.Simulator.SetRateAsync(options.LoadRate);
        await Task.Delay(options.Warmup);
        var loaded = new GrantCycles(citizen);
        await loaded.RunAsync(options.GrantCycles);
        await system.Simulator.SetRateAsync(0);
        foreach (var (name, a, b) in new[] { ("grant → applied", idle.GrantMs, loaded.GrantMs), ("revoke → applied", idle.RevokeMs, loaded.RevokeMs) })
        {
            var (a50, a99) = P(a);
            var (b50, b99) = P(b);
            report.Row($"{name} p50, no entry traffic (ms)", a50, "0.0", "baseline");
            report.Row($"{name} p99, no entry traffic (ms)", a99, "0.0", "baseline");
            report.Row($"{name} p50 during {options.LoadRate:0} entries/s (ms)", b50, "0.0", Ratio(b50, a50, "of idle"));
            report.Row($"{name} p99 during {options.LoadRate:0} entries/s (ms)", b99, "0.0", Ratio(b99, a99, "of idle"));
        }

        await system.DrainAsync(TimeSpan.FromMinutes(5));
    }

    /// <summary>Scenario 5: the hot reads with real tokens against a bare Kestrel endpoint, both in their own process.</summary>
    public async Task HttpAsync(ScaleSystem system)
    {
        report.Section($"5. HTTP API under load ({system.Name}, every lock connected, no entry traffic)", string.Create(CultureInfo.InvariantCulture,
            $"{options.HttpConcurrency} concurrent callers, {options.Http.TotalSeconds:0} s per endpoint, closed loop over keep-alive connections from this process."));
        var (kestrel, address) = await BareKestrel.StartAsync();
        try
        {
            using var bare = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address };
            var baseline = await HttpLoad.RunAsync(bare, "/hello", options.Http, options.HttpConcurrency);
            using var citizen = await ApiSession.CitizenAsync(system, "borger2@demo.guestaccess.dk");
            await new GrantCycles(citizen).BookAsync(); // one active key to list
            using var caretaker = await ApiSession.CaretakerAsync(system);
            var keys = await HttpLoad.RunAsync(citizen, "/api/v1/keys", options.Http, options.HttpConcurrency);
            var dashboard = await HttpLoad.RunAsync(caretaker, "/api/v1/sites/dokk1/locks", options.Http, options.HttpConcurrency);
            var doors = system.Probe.LocksAt("dokk1");
            HttpRows("bare Kestrel GET /hello", baseline, baseline);
            HttpRows("citizen GET /api/v1/keys", keys, baseline);
            HttpRows($"caretaker GET /api/v1/sites/dokk1/locks ({doors} locks)", dashboard, baseline);
        }
        finally
        {
            kestrel.StandardInput.Close();
            await kestrel.WaitForExitAsync();
            kestrel.Dispose();
        }
    }

    /// <summary>Scenario 6: the same rates against this broker; ratios against the embedded broker's figures.</summary>
    public async Task CompareAsync(ScaleSystem system)
    {
        report.Section($"6. Whole system with the {system.BrokerName}", "Same rates, same simulator, same database; ratios are Mosquitto / embedded.");
        foreach (var rate in CompareRates())
        {
            var r = await RushStep.RunAsync(system, rate, options.Warmup, options.Step);
            _compared.TryGetValue(("embedded broker", rate), out var embedded);
            if (!system.UsesMosquitto || embedded is null)
            {
                _compared[(system.Name, rate)] = r;
            }

            RushRow(r, system.UsesMosquitto && embedded is not null ? string.Create(CultureInfo.InvariantCulture,
                $"stored ×{r.Stored / embedded.Stored:0.00}, p99 ×{r.LagP99Ms / embedded.LagP99Ms:0.00}, server CPU ×{r.ServerCores / embedded.ServerCores:0.00}") : "");
        }

        await system.Simulator.SetRateAsync(0);
        await system.DrainAsync(TimeSpan.FromMinutes(10));
    }

    private double[] CompareRates() => _sustained > options.LoadRate * 1.5
        ? [options.LoadRate, Math.Floor(_sustained / options.RateStep) * options.RateStep]
        : [options.LoadRate];

    private void RushRow(RushResult r, string extra) => report.Row(
        string.Create(CultureInfo.InvariantCulture, $"offered {r.Offered:0}/s (produced {r.Produced:0}/s): stored entries/s; lag p50 {r.LagP50Ms:0} ms, p99 {r.LagP99Ms:0} ms, max {r.LagMaxMs:0} ms"),
        r.Stored,
        "0",
        string.Create(CultureInfo.InvariantCulture,
            $"{(r.KeptUp ? "kept up" : "FELL BEHIND")}; server {r.ServerCores:0.00} cores (writer {r.WriterCore:0.00}), simulator {r.SimulatorCores:0.00}{(r.BrokerCores > 0 ? $", Mosquitto {r.BrokerCores:0.00}" : "")}{(r.DatabaseCores > 0 ? $", PostgreSQL {r.DatabaseCores:0.00}" : "")}, server RSS {r.ServerRss / 1048576} MiB {extra}"));

    private void HttpRows(string name, HttpLoadResult r, HttpLoadResult baseline)
    {
        report.Row($"{name}: requests/s", r.RequestsPerSecond, "0", Ratio(r.RequestsPerSecond, baseline.RequestsPerSecond, "of bare Kestrel") + (r.Errors > 0 ? $"; {r.Errors} errors" : ""));
        report.Row($"{name}: p50 (ms)", r.P50Ms, "0.00", Ratio(r.P50Ms, baseline.P50Ms, "of bare Kestrel"));
        report.Row($"{name}: p99 (ms)", r.P99Ms, "0.00", Ratio(r.P99Ms, baseline.P99Ms, "of bare Kestrel"));
    }

    public static string Nudged(int nudges) => nudges == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; needed {nudges} status round(s): some locks' last events or confirmations were stuck until a status");

    private static (double P50, double P99) P(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return (RushStep.Percentile(sorted, 0.5), RushStep.Percentile(sorted, 0.99));
    }

    private static string Bottleneck(RushResult r)
    {
        var cores = Environment.ProcessorCount;
        var busy = r.ServerCores + r.SimulatorCores + r.BrokerCores + r.DatabaseCores;
        var where = r.WriterCore >= 0.85
            ? "the audit writer thread (the chain's single writer; it was busy ≥ 85% of a core)"
            : r.Produced < 0.9 * r.Offered
                ? "the simulator (it could not produce the offered rate)"
                : busy >= 0.85 * cores
                    ? $"the machine's CPU (server {r.ServerCores:0.00} + simulator {r.SimulatorCores:0.00} + broker {r.BrokerCores:0.00} + PostgreSQL {r.DatabaseCores:0.00} of {cores} cores)"
                    : "not one saturated resource: see the CPU split";
        return string.Create(CultureInfo.InvariantCulture, $"Bottleneck at the last step ({r.Offered:0}/s offered): {where}.");
    }
}
