using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>
/// The real server binary ingests events from many locks through <c>entries import</c> and is
/// killed with SIGKILL in the middle; after a restart nothing it acknowledged is missing, nothing
/// is stored twice, and the chain verifies.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Locks = 12;
    private const int BatchesPerLock = 150;
    private const int EventsPerBatch = 20;
    private readonly string _work = Directory.CreateTempSubdirectory("guestaccess-crash-").FullName;

    private string DataDirectory => Path.Combine(_work, "data");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Server_KilledDuringHeavyIngestion_LosesNoAcknowledgedEventAndTheChainVerifies()
    {
        Assert.Equal(0, (await RunToEndAsync("seed")).Code);
        var devices = DeviceIds();
        var lines = Lines(devices);

        var acknowledged = await ImportUntilKilledAsync(lines, killAfterEvents: 8_000);

        Assert.InRange(acknowledged.Count, 8_000, lines.Length * EventsPerBatch - 1);
        await using (var db = Open())
        {
            var stored = new HashSet<(string, long)>();
            using (var command = db.CreateCommand())
            {
                command.CommandText = "SELECT l.device_id, e.sequence FROM entry_events e JOIN lock_controllers l ON l.id = e.lock_id";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    stored.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }

            Assert.DoesNotContain(acknowledged, a => !stored.Contains(a));
            Assert.Equal(stored.Count, db.Scalar("SELECT COUNT(*) FROM audit_records WHERE category = 'Entry'"));
        }

        var (verified, report) = await RunToEndAsync("audit", "verify");
        Assert.True(verified == 0, report);

        // The locks replay everything they were not told was stored; the server keeps each event once.
        var (replayed, _) = await RunToEndAsync(["entries", "import"], string.Join('\n', lines));
        Assert.Equal(0, replayed);
        await using (var db = Open())
        {
            Assert.Equal(Locks * BatchesPerLock * EventsPerBatch, db.Scalar("SELECT COUNT(*) FROM entry_events"));
            Assert.Equal(Locks * BatchesPerLock * EventsPerBatch, db.Scalar("SELECT COUNT(*) FROM audit_records WHERE category = 'Entry'"));
        }

        var (again, againReport) = await RunToEndAsync("audit", "verify");
        Assert.True(again == 0, againReport);
    }

    private static string[] Lines(IReadOnlyList<string> devices) =>
        Enumerable.Range(0, BatchesPerLock)
            .SelectMany(batch => devices.Select(device => JsonSerializer.Serialize(new
            {
                @lock = device,
                events = Enumerable.Range(batch * EventsPerBatch + 1, EventsPerBatch).Select(seq => new
                {
                    seq,
                    at = 1_795_000_000 + seq,
                    kind = "entry_attempt",
                    outcome = "denied",
                    method = "pin",
                    reason = "wrong_pin",
                }),
            })))
            .ToArray();

    private async Task<HashSet<(string, long)>> ImportUntilKilledAsync(string[] lines, int killAfterEvents)
    {
        using var process = Start(["entries", "import", "--parallel", "32"], redirectInput: true);
        var acknowledged = new HashSet<(string, long)>();
        var devices = new Dictionary<string, string>();
        foreach (var (device, id) in DeviceIds().Select(d => (d, LockId(d))))
        {
            devices[id] = device;
        }

        var feeding = Task.Run(async () =>
        {
            try
            {
                foreach (var line in lines)
                {
                    await process.StandardInput.WriteLineAsync(line);
                }

                await process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
                // The process was killed while we were still writing: that is the point.
            }
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (acknowledged.Count < killAfterEvents && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } answer)
            {
                using var document = JsonDocument.Parse(answer);
                var root = document.RootElement;
                Assert.False(root.TryGetProperty("error", out var error), error.ToString());
                var device = devices[root.GetProperty("lock").GetString()!.ToUpperInvariant()];
                foreach (var sequence in root.GetProperty("stored").EnumerateArray())
                {
                    acknowledged.Add((device, sequence.GetInt64()));
                }
            }
        }
        finally
        {
            process.Kill(); // SIGKILL: no shutdown, no flush, no goodbye
            await process.WaitForExitAsync(timeout.Token);
            await feeding;
        }

        return acknowledged;
    }

    private string[] DeviceIds()
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT device_id FROM lock_controllers ORDER BY device_id LIMIT {Locks}";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }

    private string LockId(string device)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT id FROM lock_controllers WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", device);
        return (string)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "guestaccess.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private Task<(int Code, string Output)> RunToEndAsync(params string[] args) => RunToEndAsync(args, null);

    private async Task<(int Code, string Output)> RunToEndAsync(string[] args, string? input)
    {
        using var process = Start(args, redirectInput: input is not null);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private Process Start(string[] args, bool redirectInput)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            WorkingDirectory = _work,
            Environment = { ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--Storage:DataDirectory={DataDirectory}");
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        return Process.Start(start)!;
    }
}
