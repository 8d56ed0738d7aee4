using System.Data.Common;
using GuestAccess.Domain.Entries;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Entries;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>Shortcuts for audit tests against a real server: its locks, its database, its services.</summary>
internal static class AuditTestData
{
    public static readonly DateTimeOffset At = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    public static string DatabaseFile(this TestServer server) => Path.Combine(server.DataDirectory, "guestaccess.db");

    /// <summary>A connection of the test's own, as an attacker with file (or database) access would have.</summary>
    public static DbConnection OpenDatabase(this TestServer server)
    {
        DbConnection connection = TestServer.Provider == Server.Persistence.DatabaseProvider.PostgreSql
            ? new Npgsql.NpgsqlConnection(server.PostgresConnectionString)
            : new SqliteConnection($"Data Source={server.DatabaseFile()};Pooling=False");
        connection.Open();
        return connection;
    }

    public static async Task<Guid[]> LockIdsAsync(this TestServer server, int count)
    {
        await using var connection = server.OpenDatabase();
        var ids = new List<Guid>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM lock_controllers ORDER BY device_id LIMIT {count}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(DbValue.ReadId(reader, 0)!.Value);
        }

        Assert.Equal(count, ids.Count);
        return [.. ids];
    }

    /// <summary>A bytes literal in the server's SQL dialect.</summary>
    public static string BytesLiteral(byte[] bytes) => TestServer.Provider == Server.Persistence.DatabaseProvider.PostgreSql
        ? $"'\\x{Convert.ToHexString(bytes)}'::bytea"
        : $"x'{Convert.ToHexString(bytes)}'";

    public static long Scalar(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int Execute(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public static LockEventData DeniedEvent(long sequence) =>
        new(sequence, At.AddSeconds(sequence), LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Denied, Method = EntryMethod.Pin, DenialReason = DenialReason.WrongPin };

    public static LockEventData[] Denied(params long[] sequences) => sequences.Select(DeniedEvent).ToArray();

    public static IEntryIngestor Ingestor(this TestServer server) => server.Services.GetRequiredService<IEntryIngestor>();

    public static IAuditTrail Trail(this TestServer server) => server.Services.GetRequiredService<IAuditTrail>();

    public static AuditEntry Action(int i) => new(Domain.Audit.AuditCategory.Administration, "site.renamed") { Subject = $"site:{i}", Outcome = "succeeded" };

    public static async Task<Domain.Audit.AuditCheckpoint> CheckpointAsync(this TestServer server)
    {
        var request = new CheckpointRequest(force: true);
        await server.Services.GetRequiredService<AuditWriter>().EnqueueAsync(request, CancellationToken.None);
        return Assert.IsType<Domain.Audit.AuditCheckpoint>(await request.Task);
    }

    public static VerificationReport Verify(this TestServer server, long from = 1, long? to = null) =>
        server.Services.GetRequiredService<AuditVerifier>().VerifyDatabase(from, to);

    public static void AssertVerified(this VerificationReport report) =>
        Assert.True(report.Verified, "Verification failed:\n" + string.Join("\n", report.Problems.Select(p => $"{p.Sequence} {p.Code}: {p.Message}")));
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
