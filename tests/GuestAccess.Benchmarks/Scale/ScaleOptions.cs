using System.Globalization;
using GuestAccess.FirmwareSim.Support;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// `scale` options. Full size by default; every scenario scales down with flags, e.g.
/// `scale --locks 1000 --step 10s --offline 15s` (or `--quick`, which sets those).
/// </summary>
internal sealed record ScaleOptions
{
    public int Locks { get; init; } = 10_000;

    /// <summary>How long each rate of the morning rush is held (measured after <see cref="Warmup"/>).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public double StartRate { get; init; } = 1000;

    public double RateStep { get; init; } = 1000;

    public double MaxRate { get; init; } = 10_000;

    /// <summary>The rate during grants, failures and the broker comparison.</summary>
    public double LoadRate { get; init; } = 1000;

    public int GrantCycles { get; init; } = 20;

    public int OfflineLocks { get; init; } = 500;

    public TimeSpan Offline { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Http { get; init; } = TimeSpan.FromSeconds(15);

    public int HttpConcurrency { get; init; } = 16;

    public IReadOnlySet<string> Only { get; init; } = AllScenarios;

    public string ReportPath { get; init; } = "docs/benchmarks.md";

    /// <summary>
    /// `--postgres`: after the SQLite scenarios, start a throwaway PostgreSQL and run connect and the
    /// morning rush again on it (embedded broker), with PostgreSQL / SQLite ratios per rate.
    /// </summary>
    public bool Postgres { get; init; }

    public static IReadOnlySet<string> AllScenarios { get; } = new HashSet<string>(["connect", "rush", "grants", "http", "mosquitto", "failures"], StringComparer.Ordinal);

    public static ScaleOptions Parse(string[] args)
    {
        var o = args.Contains("--quick")
            ? new ScaleOptions { Locks = 1000, Step = TimeSpan.FromSeconds(10), MaxRate = 4000, GrantCycles = 10, OfflineLocks = 100, Offline = TimeSpan.FromSeconds(15), Http = TimeSpan.FromSeconds(5) }
            : new ScaleOptions();
        return o with
        {
            Locks = Int(args, "--locks") ?? o.Locks,
            Step = Time(args, "--step") ?? o.Step,
            Warmup = Time(args, "--warmup") ?? o.Warmup,
            StartRate = Int(args, "--start-rate") ?? o.StartRate,
            RateStep = Int(args, "--rate-step") ?? o.RateStep,
            MaxRate = Int(args, "--max-rate") ?? o.MaxRate,
            LoadRate = Int(args, "--load-rate") ?? o.LoadRate,
            GrantCycles = Int(args, "--grant-cycles") ?? o.GrantCycles,
            OfflineLocks = Int(args, "--offline-locks") ?? o.OfflineLocks,
            Offline = Time(args, "--offline") ?? o.Offline,
            Http = Time(args, "--http") ?? o.Http,
            HttpConcurrency = Int(args, "--http-concurrency") ?? o.HttpConcurrency,
            Only = Text(args, "--only")?.Split(',').ToHashSet(StringComparer.Ordinal) ?? o.Only,
            ReportPath = Text(args, "--report") ?? o.ReportPath,
            Postgres = args.Contains("--postgres"),
        };
    }

    public override string ToString() => Describe() + (Postgres ? "; then connect and rush again on PostgreSQL" : "");

    private string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Locks} locks; rush from {StartRate}/s in steps of {RateStep}/s up to {MaxRate}/s, {Step.TotalSeconds:0} s per step after {Warmup.TotalSeconds:0} s warm-up; " +
        $"{LoadRate}/s during grants, failures and the broker comparison; {GrantCycles} grant/revoke cycles; {OfflineLocks} locks offline for {Offline.TotalSeconds:0} s; " +
        $"HTTP {Http.TotalSeconds:0} s per endpoint with {HttpConcurrency} concurrent requests; scenarios: {string.Join(", ", Only)}");

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int? Int(string[] args, string name) => Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(string[] args, string name) => Text(args, name) is { } text ? Durations.Parse(text) : null;
}
