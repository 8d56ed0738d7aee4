using System.Globalization;
using GuestAccess.Mqtt;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>
/// `mqtt`: the same workloads against the embedded broker and a Mosquitto process, in one run, and
/// the ratios embedded/Mosquitto. Options: --connections N (idle memory, default 10000),
/// --fanin N (publishers, default 1000), --quick (small counts for a smoke run).
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
        var connections = Option(args, "--connections", quick ? 1000 : 10_000);
        var fanIn = Option(args, "--fanin", quick ? 100 : 1000);
        var limit = FileDescriptorLimit.RaiseSoftToHard();
        if (limit != 0 && (ulong)connections + 500 > limit)
        {
            connections = (int)limit - 500;
            Console.WriteLine($"note: open-file limit {limit}; idle-connection test reduced to {connections} connections");
        }

        var rows = new List<Row>();
        foreach (var start in new Func<Task<BrokerProcess>>[] { BrokerProcess.StartMosquittoAsync, BrokerProcess.StartEmbeddedAsync })
        {
            await using var broker = await start();
            Console.WriteLine($"== {broker.Name} on port {broker.Port}");
            await Workloads.ThroughputAsync(broker.Port, 1, 2000, MqttQualityOfService.AtLeastOnce, broker.Name + "-warm");
            await Workloads.ThroughputAsync(broker.Port, 10, 100, MqttQualityOfService.AtLeastOnce, broker.Name + "-warm2");

            var messages = quick ? 20_000 : 100_000;
            rows.Add(await Measure(broker, "QoS 0 throughput 1→1 (msg/s)", true, async () => (await Workloads.ThroughputAsync(broker.Port, 1, messages, MqttQualityOfService.AtMostOnce, broker.Name + "-q0")).PerSecond));
            rows.Add(await Measure(broker, "QoS 1 throughput 1→1 (msg/s)", true, async () => (await Workloads.ThroughputAsync(broker.Port, 1, messages / 2, MqttQualityOfService.AtLeastOnce, broker.Name + "-q1")).PerSecond));
            var perPublisher = quick ? 50 : 50;
            rows.Add(await Measure(broker, $"QoS 0 fan-in {fanIn}→1 (msg/s)", true, async () => (await Workloads.ThroughputAsync(broker.Port, fanIn, perPublisher, MqttQualityOfService.AtMostOnce, broker.Name + "-f0")).PerSecond));
            rows.Add(await Measure(broker, $"QoS 1 fan-in {fanIn}→1 (msg/s)", true, async () => (await Workloads.ThroughputAsync(broker.Port, fanIn, perPublisher, MqttQualityOfService.AtLeastOnce, broker.Name + "-f1")).PerSecond));
            var (p50, p99) = await Workloads.LatencyAsync(broker.Port, quick ? 2000 : 10_000, broker.Name);
            rows.Add(new Row(broker.Name, "QoS 1 latency p50 (ms)", false, p50));
            rows.Add(new Row(broker.Name, "QoS 1 latency p99 (ms)", false, p99));
            Console.WriteLine($"   latency p50 {p50:F3} ms, p99 {p99:F3} ms");
            var (perConnection, connected) = await Workloads.IdleMemoryAsync(broker, connections, broker.Name);
            rows.Add(new Row(broker.Name, $"memory per idle connection at {connected} (KB)", false, perConnection / 1024));
            Console.WriteLine($"   idle memory {perConnection / 1024:F2} KB/connection ({connected} connections)");
        }

        Print(rows);
        return 0;
    }

    private static async Task<Row> Measure(BrokerProcess broker, string name, bool higherIsBetter, Func<Task<double>> run)
    {
        var value = await run();
        Console.WriteLine($"   {name}: {value:F0}");
        return new Row(broker.Name, name, higherIsBetter, value);
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| Workload | Mosquitto 2.0.11 | Embedded | Embedded/Mosquitto |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var name in rows.Select(r => r.Name).Distinct())
        {
            var mosquitto = rows.Single(r => r.Name == name && r.Broker == "mosquitto");
            var embedded = rows.Single(r => r.Name == name && r.Broker == "embedded");
            var ratio = embedded.Value / mosquitto.Value;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Format(mosquitto.Value)} | {Format(embedded.Value)} | {ratio:F2} |"));
        }
    }

    private static string Format(double value) => value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("F3", CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Row(string Broker, string Name, bool HigherIsBetter, double Value);
}
