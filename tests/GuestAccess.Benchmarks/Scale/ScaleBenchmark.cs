using System.Diagnostics;
using GuestAccess.Benchmarks.Mqtt;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// `scale`: the whole system at the size of a municipality, in real processes — the server, the
/// broker (embedded, then Mosquitto) and a simulator process with every lock — through the
/// scenarios of issue 10: connect, morning rush, grants under load, HTTP under load, broker
/// comparison and failures during the rush. Prints figures with ratios against baselines measured
/// in the same run and writes docs/benchmarks.md. Options: see <see cref="ScaleOptions"/>.
/// </summary>
internal static class ScaleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "--simulator")
        {
            return await SimulatorHost.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "--kestrel")
        {
            return await BareKestrel.RunAsync();
        }

        var options = ScaleOptions.Parse(args);
        FileDescriptorLimit.RaiseSoftToHard();
        var report = new ScaleReport("dotnet run -c Release --project tests/GuestAccess.Benchmarks -- scale " + string.Join(' ', args));
        report.Note("Run: " + options);
        var clock = Stopwatch.StartNew();
        var data = await ScaleData.CreateAsync(options.Locks);
        report.Note($"Data directory {data.DataDirectory}: seed plus {options.Locks} registered locks in {clock.Elapsed.TotalSeconds:0.0} s.");
        var scenarios = new ScaleScenarios(report, options);
        var directories = new List<string> { data.DataDirectory };
        try
        {
            await using (var embedded = await ScaleSystem.StartAsync(data, options.Locks, mosquitto: false))
            {
                await scenarios.ConnectAsync(embedded);
                if (options.Only.Contains("rush"))
                {
                    await scenarios.RushAsync(embedded);
                }

                if (options.Only.Contains("grants"))
                {
                    await scenarios.GrantsAsync(embedded);
                }

                if (options.Only.Contains("http"))
                {
                    await scenarios.HttpAsync(embedded);
                }

                if (options.Only.Contains("mosquitto"))
                {
                    await scenarios.CompareAsync(embedded);
                }
            }

            if (options.Only.Contains("mosquitto") || options.Only.Contains("failures"))
            {
                await using var mosquitto = await ScaleSystem.StartAsync(data, options.Locks, mosquitto: true);
                await scenarios.ConnectAsync(mosquitto);
                if (options.Only.Contains("mosquitto"))
                {
                    await scenarios.CompareAsync(mosquitto);
                }

                if (options.Only.Contains("failures"))
                {
                    await new FailureScenarios(report, options).RunAsync(mosquitto);
                }
            }

            if (options.Postgres)
            {
                await RushOnPostgresAsync(report, options, scenarios, directories);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException)
        {
            report.Note($"The run stopped early: {e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            // What was measured is written even when a later scenario failed.
            await report.WriteAsync(options.ReportPath, ScaleScenarios.Header);
            if (!args.Contains("--keep"))
            {
                directories.ForEach(d => Directory.Delete(d, recursive: true));
            }
        }

        return 0;
    }

    /// <summary>Scenario 6, SQLite vs PostgreSQL: the same locks and rates on a PostgreSQL database, with the embedded broker.</summary>
    private static async Task RushOnPostgresAsync(ScaleReport report, ScaleOptions options, ScaleScenarios scenarios, List<string> directories)
    {
        var clock = Stopwatch.StartNew();
        await using var postgres = await PostgresServer.StartAsync();
        var data = await ScaleData.CreateAsync(options.Locks, postgres);
        directories.Add(data.DataDirectory);
        report.Note($"PostgreSQL {postgres.Version} (throwaway cluster, Unix socket, fsync and synchronous_commit on) in {data.DataDirectory}: seed plus {options.Locks} registered locks in {clock.Elapsed.TotalSeconds:0.0} s.");
        await using var system = await ScaleSystem.StartAsync(data, options.Locks, mosquitto: false);
        await scenarios.ConnectAsync(system);
        await scenarios.RushAsync(system);
    }
}
