using System.CommandLine;
using System.Text.Json;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Entries;

/// <summary>
/// <c>entries import</c>: ingests lock events from JSON Lines (a file, or standard input) through
/// the same durable pipeline the lock fleet uses — for events recovered from a controller's
/// storage, migrations from another system, and load or crash tests. Input, one batch per line:
/// <c>{"lock":"&lt;lock id or device id&gt;","events":[{"seq":1,"at":"2026-11-21T17:00:00Z","kind":"entry_attempt","outcome":"granted","method":"pin",…}]}</c>
/// (event fields and names as on the wire, docs/lock-protocol.md). Output, one line per input line
/// once it is durably stored: <c>{"line":1,"lock":"…","stored":[1],"newlyStored":1,"contiguousUpTo":1,"gaps":[],"rejected":[]}</c>.
/// </summary>
internal static class EntriesCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file") { Description = "JSON Lines to read (default: standard input)." };
        var parallel = new Option<int>("--parallel") { Description = "Lines ingested at the same time.", DefaultValueFactory = _ => 64 };
        var import = new Command("import", "Ingest lock events durably, with their audit records; prints what was stored.") { file, parallel };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((result, ct) => ServerCli.Guarded(() => ImportAsync(result.GetValue(file), Math.Clamp(result.GetValue(parallel), 1, 1024), [.. result.UnmatchedTokens], ct)));
        var entries = new Command("entries", "Lock events (entries, alarms) and their ingestion.");
        entries.Subcommands.Add(import);
        return entries;
    }

    private static async Task<int> ImportAsync(FileInfo? file, int parallel, string[] args, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build(args, ServerCli.LogToStandardError);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await app.Services.GetRequiredService<DatabaseInitializer>().StartAsync(cancellationToken);
        var writer = app.Services.GetRequiredService<AuditWriter>();
        await writer.StartAsync(cancellationToken);
        var ingestor = app.Services.GetRequiredService<IEntryIngestor>();
        var locks = new LockIds(app.Services.GetRequiredService<AuditDatabase>());

        using var input = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file.FullName);
        var output = Console.Out;
        var gate = new SemaphoreSlim(parallel);
        var outputLock = new Lock();
        var running = new List<Task>();
        var failures = 0;
        var number = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            var lineNumber = ++number;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await gate.WaitAsync(cancellationToken);
            running.Add(Task.Run(
                async () =>
                {
                    string answer;
                    try
                    {
                        var (lockKey, events) = ImportLine.Parse(line);
                        var lockId = locks.Resolve(lockKey);
                        var stored = await ingestor.IngestAsync(lockId ?? Guid.Empty, events, cancellationToken);
                        answer = JsonSerializer.Serialize(new { line = lineNumber, @lock = stored.LockId, stored.Stored, stored.NewlyStored, stored.ContiguousUpTo, stored.Gaps, stored.Rejected, stored.Conflicting }, Json);
                    }
                    catch (FormatException e)
                    {
                        Interlocked.Increment(ref failures);
                        answer = JsonSerializer.Serialize(new { line = lineNumber, error = e.Message }, Json);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Not stored: the caller must send this line again.
                        Interlocked.Increment(ref failures);
                        answer = JsonSerializer.Serialize(new { line = lineNumber, error = $"not stored ({e.GetType().Name})" }, Json);
                    }
                    finally
                    {
                        gate.Release();
                    }

                    lock (outputLock)
                    {
                        output.WriteLine(answer);
                        output.Flush();
                    }
                },
                cancellationToken));
            running.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(running);
        await writer.StopAsync(cancellationToken);
        return failures == 0 ? 0 : 1;
    }
}
