using System.Diagnostics;
using System.Globalization;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Locks;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Entries;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Benchmarks.Audit;

/// <summary>
/// `audit`: durable ingestion of lock events with the hash chain on SQLite (WAL, synchronous=FULL
/// for the audit writer), against a baseline measured in the same run — the same pipeline fed one
/// event per call, so every event pays its own transaction and fsync — and verification speed of
/// the database and of an export file. The real server is built in-process on a temporary data
/// directory; the callers are what the lock fleet's message handlers would be.
/// Options: --events N (default 400000), --locks N (default 1000), --batch N events per call
/// (default 50), --callers N concurrent callers (default 64), --quick, --postgres "connection
/// string" (an empty database: the same run on PostgreSQL instead of SQLite).
/// </summary>
internal static class AuditBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var events = Option(args, "--events", quick ? 60_000 : 400_000);
        var lockCount = Option(args, "--locks", 1000);
        var batch = Option(args, "--batch", 50);
        var callers = Option(args, "--callers", 64);
        var directory = Directory.CreateTempSubdirectory("guestaccess-bench-audit-").FullName;
        try
        {
            var postgres = Text(args, "--postgres");
            await using var app = ServerApp.Build(
            [
                "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={directory}", "--Seed:DemoAccounts=false",
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.DataProtection=Error",
                .. postgres is null ? (string[])[] : ["--Database:Provider=PostgreSql", $"--Database:ConnectionString={postgres}"],
            ]);
            await app.StartAsync();
            var locks = await AddLocksAsync(app.Services, lockCount);
            var ingestor = app.Services.GetRequiredService<IEntryIngestor>();
            var next = locks.ToDictionary(l => l.Lock, _ => 1L);
            Console.WriteLine($"audit benchmark: {Environment.ProcessorCount} cores, {(postgres is null ? "SQLite WAL, audit writer synchronous=FULL" : "PostgreSQL (--postgres), synchronous_commit=on")}; {locks.Count} locks, {batch} events per call, {callers} concurrent callers");
            Console.WriteLine($"load average before: {LoadAverage()} (other processes on this machine share the cores)");

            await IngestAsync(ingestor, locks, next, 5_000, batch, callers); // warm-up
            var baseline = await IngestAsync(ingestor, locks, next, quick ? 300 : 1_000, 1, 1);
            Print("baseline: 1 event per call, 1 caller (a transaction and fsync per event)", baseline.Events, baseline.Seconds, "events", null);
            var run = await IngestAsync(ingestor, locks, next, events, batch, callers);
            Print("ingestion: events + audit records + personal parts, batched, durable", run.Events, run.Seconds, "events", baseline);
            var writerMicros = run.WriterCpuSeconds * 1e6 / run.Events;
            Console.WriteLine($"    CPU per event: {run.CpuSeconds * 1e6 / run.Events:0} µs in the whole process, {writerMicros:0.0} µs on the single writer thread (its ceiling: {1e6 / writerMicros:N0} events/s); load average now {LoadAverage()}");
            Console.WriteLine($"    call latency p50 {Percentile(run.Latencies, 0.50):0.0} ms, p99 {Percentile(run.Latencies, 0.99):0.0} ms, max {run.Latencies.Max():0.0} ms");

            var records = await RecordAsync(app.Services.GetRequiredService<IAuditTrail>(), quick ? 5_000 : 20_000, 256);
            Print("admin records: IAuditTrail.RecordAsync, 256 concurrent callers", records.Events, records.Seconds, "records", null);

            var verifier = app.Services.GetRequiredService<AuditVerifier>();
            var report = verifier.VerifyDatabase();
            Check(report);
            Print("verify the database (records, personal digests, checkpoints)", report.RecordsChecked, report.Seconds, "records", null);

            var file = Path.Combine(directory, "export.jsonl");
            var exportWatch = Stopwatch.StartNew();
            await using (var output = File.Create(file))
            await using (var connection = app.Services.GetRequiredService<AuditDatabase>().OpenRead())
            {
                await AuditExport.WriteAsync(output, connection, verifier.PublishedKeys(), 1, null, DateTimeOffset.UtcNow, CancellationToken.None);
            }

            Print("export to JSON Lines", report.RecordsChecked, exportWatch.Elapsed.TotalSeconds, "records", null);
            using (var reader = new StreamReader(file))
            {
                var fileReport = ExportVerifier.Verify(reader, verifier.PublishedKeys(), []);
                Check(fileReport);
                Print("verify the export file with the public key", fileReport.RecordsChecked, fileReport.Seconds, "records", null);
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Measured> IngestAsync(IEntryIngestor ingestor, IReadOnlyList<(Guid Lock, Guid Grant)> locks, Dictionary<Guid, long> next, int total, int batch, int callers)
    {
        var latencies = new List<double>[callers];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var writerCpu = WriterThreadCpuSeconds();
        var watch = Stopwatch.StartNew();
        var perCaller = total / callers;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var mine = locks.Where((_, i) => i % callers == caller).ToArray();
            var times = latencies[caller] = [];
            for (int sent = 0, turn = 0; sent < perCaller; sent += batch, turn++)
            {
                var (lockId, grantId) = mine[turn % mine.Length];
                long first;
                lock (next)
                {
                    first = next[lockId];
                    next[lockId] = first + batch;
                }

                var events = Enumerable.Range(0, batch).Select(i => Event(first + i, grantId)).ToArray();
                var call = Stopwatch.GetTimestamp();
                var result = await ingestor.IngestAsync(lockId, events);
                times.Add(Stopwatch.GetElapsedTime(call).TotalMilliseconds);
                if (result.NewlyStored != batch || result.Rejected.Count > 0)
                {
                    throw new InvalidOperationException($"Expected {batch} new events, stored {result.NewlyStored}.");
                }
            }
        })));
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Measured(perCaller / batch * batch * callers, watch.Elapsed.TotalSeconds, latencies.SelectMany(l => l).Order().ToArray())
        {
            CpuSeconds = used,
            WriterCpuSeconds = WriterThreadCpuSeconds() - writerCpu,
        };
    }

    private static async Task<Measured> RecordAsync(IAuditTrail trail, int total, int callers)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < total; i += callers)
            {
                await trail.RecordAsync(new AuditEntry(AuditCategory.Access, "grant.revoked")
                {
                    ActorId = Guid.NewGuid(),
                    Subject = $"grant:{Guid.NewGuid()}",
                    Outcome = "succeeded",
                    Personal = new AuditPersonal(AuditHolder.Guest(Guid.NewGuid()), [new("reason", "benchmark")]),
                });
            }
        })));
        return new Measured(total, watch.Elapsed.TotalSeconds, []);
    }

    // Four in five entries are granted with a mobile key (personal part: grant, credential, holder); the rest are wrong PINs.
    private static LockEventData Event(long sequence, Guid grant) => sequence % 5 == 0
        ? new(sequence, Start.AddSeconds(sequence), LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Denied, Method = EntryMethod.Pin, DenialReason = DenialReason.WrongPin }
        : new(sequence, Start.AddSeconds(sequence), LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Granted, Method = EntryMethod.MobileKey, GrantId = grant, CredentialId = grant };

    private static async Task<List<(Guid Lock, Guid Grant)>> AddLocksAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var site = await db.Sites.OrderBy(s => s.Slug).FirstAsync();
        var locks = new List<(Guid, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var door = new Door(Guid.NewGuid(), site.Id, $"bench-door-{i}", $"Benchmark door {i}", DoorKind.Room);
            var controller = new LockController(Guid.NewGuid(), site.Id, door.Id, $"bench-lock-{i}");
            var grant = AccessGrant.ByStaff(Guid.NewGuid(), site.Id, HolderKind.Guest, Guid.NewGuid(), new TimeInterval(Start, Start.AddYears(1)), null, [door.Id], Guid.NewGuid(), "Benchmark", Start);
            db.AddRange(door, controller, grant);
            locks.Add((controller.Id, grant.Id));
        }

        await db.SaveChangesAsync();
        return locks;
    }

    private static void Check(VerificationReport report)
    {
        if (!report.Verified)
        {
            throw new InvalidOperationException($"The log did not verify: {report.Problems[0].Code} at {report.Problems[0].Sequence}.");
        }
    }

    private static void Print(string what, long count, double seconds, string unit, Measured? baseline)
    {
        var rate = count / seconds;
        var ratio = baseline is { } b ? $"  ({rate / (b.Events / b.Seconds):0.0}x baseline)" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-72} {count,9:N0} {unit} in {seconds,6:0.00} s = {rate,9:N0} {unit}/s{ratio}"));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // Linux: the writer names its thread, so its CPU time can be read from /proc (utime + stime, in clock ticks of 1/100 s).
    private static double WriterThreadCpuSeconds()
    {
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.EnumerateDirectories("/proc/self/task") : [])
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == "audit-writer")
            {
                var fields = File.ReadAllText(Path.Combine(task, "stat")).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
        }

        return double.NaN;
    }

    private sealed record Measured(long Events, double Seconds, double[] Latencies)
    {
        public double CpuSeconds { get; init; }

        public double WriterCpuSeconds { get; init; }
    }
}
