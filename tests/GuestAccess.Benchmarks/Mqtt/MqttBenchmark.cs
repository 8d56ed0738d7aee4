using System.Globalization;
using GuestAccess.Mqtt;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>
/// `mqtt`: the same workloads against the embedded broker and a Mosquitto process in one run,
/// printing embedded/Mosquitto ratios. Both brokers run side by side in their own processes and
/// are driven by our own client; the workloads alternate between them over several rounds and the
/// medians are reported, so load from other processes on the machine hits both alike.
/// Options: --rounds N (default 3), --connections N (idle memory, default 10000),
/// --fanin N (publishers, default 1000), --only idle,q0,q1,f0,f1,lat, --quick, --no-inline-completions.
/// </summary>
internal static class MqttBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            return await EmbeddedBrokerHost.RunAsync();
        }

        var quick = args.Contains("--quick");
        var rounds = Option(args, "--rounds", quick ? 1 : 3);
        var connections = Option(args, "--connections", quick ? 1000 : 10_000);
        var fanIn = Option(args, "--fanin", quick ? 100 : 1000);
        var only = OptionText(args, "--only")?.Split(',') ?? ["idle", "q0", "q1", "f0", "f1", "lat"];
        var limit = FileDescriptorLimit.RaiseSoftToHard();
        if (limit != 0 && (ulong)connections + 500 > limit)
        {
            connections = (int)limit - 500;
            Console.WriteLine($"note: open-file limit {limit}; idle-connection test reduced to {connections} connections");
        }

        await using var mosquitto = await BrokerProcess.StartMosquittoAsync();
        await using var embedded = await BrokerProcess.StartEmbeddedAsync(!args.Contains("--no-inline-completions"));
        BrokerProcess[] brokers = [mosquitto, embedded];
        var results = new Results();
        Console.WriteLine($"Mosquitto on port {mosquitto.Port}, embedded broker on port {embedded.Port}; {rounds} round(s); {Environment.ProcessorCount} cores");

        if (only.Contains("idle"))
        {
            foreach (var broker in brokers)
            {
                var (perConnection, connected) = await Workloads.IdleMemoryAsync(broker, connections, broker.Name);
                results.Add(broker, $"memory per idle connection, {connected} connections (KB)", perConnection / 1024, 0);
            }
        }

        // Warm-up: every workload shape once, long enough for tiered JIT/PGO to reach steady state
        // (a profile showed ~10% of the embedded broker's samples in the JIT with a short warm-up).
        foreach (var broker in brokers)
        {
            for (var i = 0; i < (quick ? 1 : 3); i++)
            {
                await Workloads.ThroughputAsync(broker, 1, 20_000, MqttQualityOfService.AtMostOnce, $"{broker.Name}-warm-q0-{i}");
                await Workloads.ThroughputAsync(broker, 1, 10_000, MqttQualityOfService.AtLeastOnce, $"{broker.Name}-warm-q1-{i}");
                await Workloads.ThroughputAsync(broker, Math.Min(fanIn, 200), 50, MqttQualityOfService.AtLeastOnce, $"{broker.Name}-warm-f1-{i}");
                await Workloads.LatencyAsync(broker.Port, 1000, $"{broker.Name}-warm-lat-{i}");
            }
        }

        Console.WriteLine("warm-up done");
        var messages = quick ? 20_000 : 100_000;
        const int PerPublisher = 50;
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? brokers : brokers.Reverse().ToArray();
            foreach (var broker in order)
            {
                var tag = $"{broker.Name}-r{round}";
                if (only.Contains("q0"))
                {
                    results.AddThroughput(broker, "QoS 0 throughput 1→1 (msg/s)", await Workloads.ThroughputAsync(broker, 1, messages, MqttQualityOfService.AtMostOnce, tag + "-q0"), round);
                }

                if (only.Contains("q1"))
                {
                    results.AddThroughput(broker, "QoS 1 throughput 1→1 (msg/s)", await Workloads.ThroughputAsync(broker, 1, messages / 2, MqttQualityOfService.AtLeastOnce, tag + "-q1"), round);
                }

                if (only.Contains("f0"))
                {
                    results.AddThroughput(broker, $"QoS 0 fan-in {fanIn}→1 (msg/s)", await Workloads.ThroughputAsync(broker, fanIn, PerPublisher, MqttQualityOfService.AtMostOnce, tag + "-f0"), round);
                }

                if (only.Contains("f1"))
                {
                    results.AddThroughput(broker, $"QoS 1 fan-in {fanIn}→1 (msg/s)", await Workloads.ThroughputAsync(broker, fanIn, PerPublisher, MqttQualityOfService.AtLeastOnce, tag + "-f1"), round);
                }

                if (only.Contains("lat"))
                {
                    var (p50, p99) = await Workloads.LatencyAsync(broker.Port, quick ? 2000 : 5000, tag);
                    results.Add(broker, "QoS 1 publish→deliver latency p50 (ms)", p50, round);
                    results.Add(broker, "QoS 1 publish→deliver latency p99 (ms)", p99, round);
                }
            }

            Console.WriteLine($"round {round + 1}/{rounds} done; embedded broker: {await embedded.StatsAsync()}");
        }

        results.Print();
        return 0;
    }

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private sealed class Results
    {
        private readonly List<(string Broker, string Workload, double Value, int Round)> _values = [];

        public void Add(BrokerProcess broker, string workload, double value, int round)
        {
            _values.Add((broker.Name, workload, value, round));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {broker.Name,-9} {workload}: {Format(value)}"));
        }

        public void AddThroughput(BrokerProcess broker, string workload, (double PerSecond, int Received, int Sent, double CpuMicrosecondsPerMessage) result, int round)
        {
            var cpuWorkload = "broker CPU per message, " + workload.Replace(" (msg/s)", " (µs)", StringComparison.Ordinal);
            _values.Add((broker.Name, workload, result.PerSecond, round));
            _values.Add((broker.Name, cpuWorkload, result.CpuMicrosecondsPerMessage, round));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {broker.Name,-9} {workload}: {Format(result.PerSecond)} (delivered {result.Received} of {result.Sent}; broker CPU {result.CpuMicrosecondsPerMessage:F1} µs/msg)"));
        }

        public void Print()
        {
            Console.WriteLine();
            Console.WriteLine("| Workload (median of rounds) | Mosquitto 2.0.11 | Embedded | Embedded/Mosquitto (median of per-round ratios) | per-round ratios |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            foreach (var workload in _values.Select(v => v.Workload).Distinct())
            {
                var mosquitto = _values.Where(v => v.Workload == workload && v.Broker == "mosquitto").ToList();
                var embedded = _values.Where(v => v.Workload == workload && v.Broker == "embedded").ToList();
                var ratios = embedded.Join(mosquitto, e => e.Round, m => m.Round, (e, m) => e.Value / m.Value).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workload} | {Format(Median(mosquitto.Select(v => v.Value)))} | {Format(Median(embedded.Select(v => v.Value)))} | {Median(ratios):F2} | {string.Join(" ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} |"));
            }
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static string Format(double value) => value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("F3", CultureInfo.InvariantCulture);
    }
}
