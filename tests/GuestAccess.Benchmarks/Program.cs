using GuestAccess.Benchmarks.Audit;
using GuestAccess.Benchmarks.Grants;
using GuestAccess.Benchmarks.Mqtt;
using GuestAccess.Benchmarks.Scale;
using GuestAccess.Benchmarks.Sim;

// Verb dispatcher: `dotnet run -c Release --project tests/GuestAccess.Benchmarks -- <verb> [options]`.
// Each area adds one line here and keeps its code in its own folder.
var verbs = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["mqtt"] = MqttBenchmark.RunAsync,
    ["audit"] = AuditBenchmark.RunAsync,
    ["sim"] = SimBenchmark.RunAsync,
    ["grants"] = GrantsBenchmark.RunAsync,
    ["scale"] = ScaleBenchmark.RunAsync,
};

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: GuestAccess.Benchmarks <{string.Join('|', verbs.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
