using System.Diagnostics;
using System.Globalization;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.Domain.Time;
using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Benchmarks.Grants;

/// <summary>
/// `grants`: with N simulated locks (the real firmware simulator, in this process) connected to
/// the real server (in this process, embedded broker, SQLite), how long a caretaker's grant takes
/// from <see cref="GrantService.CreateAsync"/> until the lock holds the PIN, and how long an
/// emergency revoke of a site with 100 doors takes until every lock has dropped every key.
/// Baseline in the same run: the same grant's database transaction alone (BEGIN IMMEDIATE, grant,
/// PIN credential, commit) without the lock fleet's staging and delivery, so the ratio is what
/// delivery to the lock adds. Options: --locks N (default 1000), --grants N (default 300),
/// --site-doors N (default 100), --revokes N (default 5), --workstation-gc (see below).
/// The server runs with the server garbage collector (GuestAccess.Server's runtimeconfig sets
/// System.GC.Server); this console's own default is the workstation one (kept for the other
/// verbs), so `grants` starts itself again with DOTNET_gcServer=1 unless told otherwise.
/// </summary>
internal static class GrantsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!System.Runtime.GCSettings.IsServerGC && !args.Contains("--workstation-gc"))
        {
            return await RunWithServerGcAsync(args);
        }

        var lockCount = Option(args, "--locks", 1000);
        var grants = Option(args, "--grants", 300);
        var siteDoors = Math.Min(Option(args, "--site-doors", 100), lockCount);
        var revokes = Option(args, "--revokes", 5);
        var directory = Directory.CreateTempSubdirectory("guestaccess-bench-grants-").FullName;
        try
        {
            await using var app = ServerApp.Build(
            [
                "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={directory}", "--Mqtt:Broker:Port=0", "--Seed:DemoAccounts=false",
                "--Locks:DevProvisioningBundle=false", "--Keys:LifecycleInterval=01:00:00",
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.DataProtection=Error",
            ]);
            await app.StartAsync();
            Console.WriteLine($"grants benchmark: {Environment.ProcessorCount} cores; server, embedded broker and simulator in one process; SQLite WAL");
            Console.WriteLine($"load average before: {LoadAverage()} (other processes on this machine share the cores); {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} garbage collector");

            var (emergencySite, issued) = await AddLocksAsync(app.Services, lockCount, siteDoors);
            var bundle = app.Services.GetRequiredService<BundleFactory>().Create(issued);
            var state = Path.Combine(directory, "sim-state");
            var connecting = Stopwatch.StartNew();
            await using var fleet = await LockFleetSimulator.StartAsync(bundle, new SimulatorOptions { StateDirectory = state, FlushToDisk = false });
            await fleet.WaitUntilAllConnectedAsync(TimeSpan.FromMinutes(5));
            await ServerSeesAllOnlineAsync(app.Services, fleet.Locks.Count);
            Console.WriteLine($"{fleet.Locks.Count} simulated locks connected, and online in the server's records, in {connecting.Elapsed.TotalSeconds:0.0} s");
            var byDoor = issued.ToDictionary(i => i.Door, i => fleet[i.LockId.Value]);
            var otherDoors = issued.Skip(siteDoors).Select(i => i.Door).ToList();
            var metrics = app.Services.GetRequiredService<LockFleetMetrics>();

            await WarmUpAsync(app, byDoor, otherDoors);
            metrics.AppliedLatency.Drain();
            var baseline = await BaselineAsync(app, otherDoors, grants);
            Print("baseline: the grant's database transaction alone (no lock fleet)", baseline, null);
            var counters = RuntimeCounters.Now();
            var latencies = await GrantLatenciesAsync(app, byDoor, otherDoors, grants);
            var countersAfter = RuntimeCounters.Now();
            Print("grant -> applied at the lock (GrantService.CreateAsync to the lock holding the PIN)", latencies.Total, baseline);
            Print("  CreateAsync returned (checks, PIN, transaction with the outbox rows, commit, audit record)", latencies.Commit, null);
            Print("  the dispatcher starts publishing the signed command (from the start)", latencies.ToPublish, null);
            Print("  publish -> broker -> the lock verified and stored it", latencies.ToLock, null);
            Print("  server's view: committed outbox row -> lock's acknowledgement", [.. metrics.AppliedLatency.Drain()], null);
            Console.WriteLine($"    load average now {LoadAverage()}");
            Console.WriteLine(countersAfter.Since(counters, grants));
            Console.WriteLine($"    commands sent from the committed change without reading it back: {metrics.DirectSent}, {metrics.DirectSentWithoutTransaction} of them in a dispatcher turn without a transaction");

            var siteDoorSlugs = issued.Take(siteDoors).Select(i => i.Door).ToList();
            var revokeTimes = new List<double>();
            if (revokes > 0)
            {
                // The first emergency revoke after start also compiles its queries and code paths (the grants above were warmed up too).
                Console.WriteLine("  warm-up round (not counted):");
                await EmergencyRevokeAsync(app, emergencySite, siteDoorSlugs, byDoor);
            }

            for (var round = 0; round < revokes; round++)
            {
                revokeTimes.Add(await EmergencyRevokeAsync(app, emergencySite, siteDoorSlugs, byDoor));
            }

            Print($"emergency revoke of a site with {siteDoors} doors -> every lock dropped every key", revokeTimes, null);
            Console.WriteLine($"    rounds (ms): {string.Join(", ", revokeTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))}; load average after: {LoadAverage()}");
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>This benchmark binary again with the same arguments and the server's garbage collector.</summary>
    private static async Task<int> RunWithServerGcAsync(string[] args)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(GrantsBenchmark).Assembly.Location);
        }

        info.ArgumentList.Add("grants");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = "1";
        using var child = Process.Start(info)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>
    /// Rounds of 30 grants and 30 baseline transactions until the JIT has finished with them: the
    /// runtime compiles a method first quickly, then again optimised once it has been called 30
    /// times (tiered compilation, on a background thread that takes CPU from everything else).
    /// Measuring starts in the steady state a running server is in, not while its code is still
    /// being compiled; the JIT time during the measured phase is printed with it.
    /// </summary>
    private static async Task WarmUpAsync(WebApplication app, Dictionary<string, SimulatedLock> byDoor, List<string> doors)
    {
        var started = Stopwatch.StartNew();
        for (var round = 1; ; round++)
        {
            var jit = System.Runtime.JitInfo.GetCompilationTime();
            var roundStarted = Stopwatch.GetTimestamp();
            await GrantLatenciesAsync(app, byDoor, doors, 30);
            await BaselineAsync(app, doors, 30);
            await Task.Delay(200); // tier-1 compilation waits for 100 ms without new tier-0 methods
            var compiling = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
            var share = compiling / Stopwatch.GetElapsedTime(roundStarted).TotalMilliseconds;
            if (share < 0.01 || round == 60)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {round} rounds of 30 grants in {started.Elapsed.TotalSeconds:0.0} s; the last one spent {share:P1} of its time compiling"));
                return;
            }
        }
    }

    /// <summary>
    /// One grant at a time, each for one door chosen at random among the locks outside the
    /// emergency site. Also where the time goes: until CreateAsync returned (committed), until the
    /// dispatcher started publishing the command (the fleet's "lock command" activity), and the rest
    /// (broker, the lock verifying and storing it).
    /// </summary>
    private static async Task<GrantTimings> GrantLatenciesAsync(WebApplication app, Dictionary<string, SimulatedLock> byDoor, List<string> doors, int count)
    {
        var timings = new GrantTimings();
        var published = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "GuestAccess.Locks",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Tags are set after the start: read them when it stops, and take the start back from its duration.
            ActivityStopped = activity => published.TryAdd(
                activity.GetTagItem("guestaccess.lock") as string ?? string.Empty,
                Stopwatch.GetTimestamp() - (long)(activity.Duration.TotalSeconds * Stopwatch.Frequency)),
        };
        ActivitySource.AddActivityListener(listener);
        var random = new Random(17);
        for (var i = 0; i < count; i++)
        {
            var door = doors[random.Next(doors.Count)];
            var simulated = byDoor[door];
            var before = simulated.Snapshot().CredentialCount;
            published.TryRemove(simulated.Id.Value, out _);
            var started = Stopwatch.GetTimestamp();
            await using var scope = app.Services.CreateAsyncScope();
            await CreateAsync(scope.ServiceProvider.GetRequiredService<GrantService>(), [door], $"+45{20_000_000 + i}");
            var committed = Stopwatch.GetTimestamp();
            await simulated.WaitUntilAsync(s => s.CredentialCount > before, TimeSpan.FromSeconds(30));
            var applied = Stopwatch.GetTimestamp();
            timings.Total.Add(Stopwatch.GetElapsedTime(started, applied).TotalMilliseconds);
            timings.Commit.Add(Stopwatch.GetElapsedTime(started, committed).TotalMilliseconds);
            if (published.TryGetValue(simulated.Id.Value, out var publishing))
            {
                timings.ToPublish.Add(Stopwatch.GetElapsedTime(started, publishing).TotalMilliseconds);
                timings.ToLock.Add(Stopwatch.GetElapsedTime(publishing, applied).TotalMilliseconds);
            }
        }

        return timings;
    }

    /// <summary>CPU time and garbage collections in this process (server, broker and simulator share it) over a measured phase.</summary>
    private readonly record struct RuntimeCounters(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated, TimeSpan Cpu, TimeSpan Jit, long JitMethods)
    {
        public static RuntimeCounters Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), Process.GetCurrentProcess().TotalProcessorTime, System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());

        public string Since(RuntimeCounters before, int operations) => string.Create(
            CultureInfo.InvariantCulture,
            $"    meanwhile: JIT {(Jit - before.Jit).TotalMilliseconds:0} ms for {JitMethods - before.JitMethods} methods; garbage collections {Gen0 - before.Gen0} gen0, {Gen1 - before.Gen1} gen1, {Gen2 - before.Gen2} gen2, paused {(Paused - before.Paused).TotalMilliseconds:0.0} ms in all; {(Allocated - before.Allocated) / 1024.0 / operations:0} KiB allocated and {(Cpu - before.Cpu).TotalMilliseconds / operations:0.00} ms CPU (all threads: server, broker, simulator) per operation");
    }

    private sealed class GrantTimings
    {
        public List<double> Total { get; } = [];

        public List<double> Commit { get; } = [];

        public List<double> ToPublish { get; } = [];

        public List<double> ToLock { get; } = [];
    }

    private static async Task<List<double>> BaselineAsync(WebApplication app, List<string> doors, int count)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            var slug = doors[i % doors.Count];
            var started = Stopwatch.GetTimestamp();
            var door = await db.Doors.AsNoTracking().SingleAsync(d => d.Slug == slug);
            await using var transaction = await KeyTransaction.BeginAsync(db, CancellationToken.None);
            var now = DateTimeOffset.UtcNow;
            var grant = AccessGrant.ByStaff(Guid.NewGuid(), door.SiteId, HolderKind.Guest, Guid.NewGuid(), new TimeInterval(now, now.AddDays(1)), null, [door.Id], Guid.NewGuid(), "Baseline", now);
            db.Grants.Add(grant);
            var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(LockProtocol.Credentials.PinHasher.SaltBytes);
            db.Credentials.Add(new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, salt, LockProtocol.Credentials.PinHasher.ComputeHash(salt, "12345678"), now));
            await db.SaveChangesAsync();
            await transaction.CommitAsync(CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>Grants on every door of the site (applied first), then one emergency revoke; the time until every lock holds no PIN.</summary>
    private static async Task<double> EmergencyRevokeAsync(WebApplication app, Guid siteId, List<string> doors, Dictionary<string, SimulatedLock> byDoor)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<GrantService>();
            foreach (var chunk in doors.Chunk(10))
            {
                await CreateAsync(service, chunk, "+4530000000");
            }
        }

        await Task.WhenAll(doors.Select(d => byDoor[d].WaitUntilAsync(s => s.CredentialCount > 0, TimeSpan.FromMinutes(2))));
        await ServerRecordedAsync(app.Services, siteId); // the revocation starts from a settled state, not behind the recording of 100 acknowledgements
        var started = Stopwatch.GetTimestamp();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GrantService>().RevokeSiteAsync(Guid.NewGuid(), SiteScope.Everything, siteId, "Benchmark", lockdown: false, CancellationToken.None);
        }

        var returned = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var first = await Task.WhenAny(doors.Select(d => byDoor[d].WaitUntilAsync(s => s.CredentialCount == 0, TimeSpan.FromMinutes(2))));
        await first;
        var firstLock = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await Task.WhenAll(doors.Select(d => byDoor[d].WaitUntilAsync(s => s.CredentialCount == 0, TimeSpan.FromMinutes(2))));
        var all = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round: RevokeSiteAsync returned after {returned:0.0} ms, the first lock had dropped its keys after {firstLock:0.0} ms, all {doors.Count} after {all:0.0} ms"));
        return all;
    }

    /// <summary>Until the server has recorded every acknowledgement of the site's grants (every grant door Applied).</summary>
    private static async Task ServerRecordedAsync(IServiceProvider services, Guid siteId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            var open = await db.GrantDoors.CountAsync(d => d.State != DoorDeliveryState.Applied && db.Grants.Any(g => g.Id == d.GrantId && g.SiteId == siteId && g.Status == GrantStatus.Active));
            if (open == 0)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{open} grant doors at the emergency site are still not recorded as applied.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Measuring starts once the server has every lock's online status (their first status messages are processed under load too).</summary>
    private static async Task ServerSeesAllOnlineAsync(IServiceProvider services, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var online = await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Locks.CountAsync(l => l.Connectivity == LockConnectivity.Online);
            if (online >= count)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"Only {online} of {count} locks are online in the server's records.");
            }

            await Task.Delay(100);
        }
    }

    private static Task<AccessGrant> CreateAsync(GrantService service, IReadOnlyList<string> doors, string phone)
    {
        var now = DateTimeOffset.UtcNow;
        return service.CreateAsync(
            Guid.NewGuid(), SiteScope.Everything, new GuestDetails("Benchmark", phone, null, null), null,
            new GrantCommand(doors, new TimeInterval(now.AddMinutes(-1), now.AddDays(1)), null), "Benchmark", CancellationToken.None);
    }

    /// <summary><paramref name="siteDoors"/> new doors and locks at Viby (the emergency site), the rest at Dokk1; all provisioned.</summary>
    private static async Task<(Guid EmergencySite, IReadOnlyList<IssuedLockCredentials> Issued)> AddLocksAsync(IServiceProvider services, int count, int siteDoors)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var viby = await db.Sites.SingleAsync(s => s.Slug == "viby");
        var dokk1 = await db.Sites.SingleAsync(s => s.Slug == "dokk1");
        var locks = Enumerable.Range(0, count).Select(i =>
        {
            var site = i < siteDoors ? viby : dokk1;
            var slug = $"{site.Slug}-bench-{i.ToString("D4", CultureInfo.InvariantCulture)}";
            var door = new Door(Guid.NewGuid(), site.Id, slug, $"Benchmark-dør {i}", DoorKind.Room);
            db.Doors.Add(door);
            return new LockController(Guid.NewGuid(), site.Id, door.Id, slug);
        }).ToList();
        db.Locks.AddRange(locks);
        await db.SaveChangesAsync();
        var issued = await scope.ServiceProvider.GetRequiredService<LockProvisioningService>().ProvisionAsync(locks.Select(l => l.Id).ToList());
        var order = locks.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return (viby.Id, issued.OrderBy(i => order[i.Id]).ToList());
    }

    private static void Print(string what, IReadOnlyList<double> milliseconds, IReadOnlyList<double>? baseline)
    {
        if (milliseconds.Count == 0)
        {
            Console.WriteLine($"{what}\n    no samples");
            return;
        }

        var p50 = Percentile(milliseconds, 0.50);
        var p99 = Percentile(milliseconds, 0.99);
        var ratio = baseline is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  (x{p50 / Percentile(baseline, 0.50):0.0} p50, x{p99 / Percentile(baseline, 0.99):0.0} p99 of the baseline)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}\n    n={milliseconds.Count} p50 {p50:0.00} ms  p99 {p99:0.00} ms  max {milliseconds.Max():0.00} ms{ratio}"));
    }

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
