using System.Data.Common;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>Someone with write access to the database file changes the log; verification finds and locates it.</summary>
public sealed class DatabaseTamperTests : IAsyncLifetime
{
    private const int Records = 40;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var lockId = (await _server.LockIdsAsync(1))[0];
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(Enumerable.Range(1, 20).Select(s => (long)s).ToArray()));
        await _server.CheckpointAsync();
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(Enumerable.Range(21, Records - 20).Select(s => (long)s).ToArray()));
        await _server.CheckpointAsync();
        using var db = _server.OpenDatabase();
        Assert.Equal(Records, db.Scalar("SELECT MAX(sequence) FROM audit_records"));
        Assert.Equal([20L, Records], new[] { db.Scalar("SELECT MIN(sequence) FROM audit_checkpoints WHERE sequence >= 20"), db.Scalar("SELECT MAX(sequence) FROM audit_checkpoints") });
        _server.Verify().AssertVerified();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Verify_EditedRecord_IsLocated() =>
        AssertFirst(db => db.Execute("UPDATE audit_records SET outcome = 'granted' WHERE sequence = 17"), "hash_mismatch", 17);

    [Fact]
    public void Verify_DeletedRecord_IsLocated() =>
        AssertFirst(db => db.Execute("DELETE FROM audit_records WHERE sequence = 25"), "missing_records", 25);

    [Fact]
    public void Verify_RecordInsertedAndLaterOnesRenumbered_IsLocatedAtTheInsertion()
    {
        AssertFirst(
            db =>
            {
                db.Execute("UPDATE audit_records SET sequence = -sequence - 1 WHERE sequence >= 12; UPDATE audit_records SET sequence = -sequence WHERE sequence < 0;");
                var previous = Read(db, 11);
                var forged = previous with { Sequence = 12, Action = "entry.granted", Outcome = "granted", PreviousHash = previous.Hash, Hash = [] };
                Insert(db, forged with { Hash = new ChainHasher().Compute(forged) });
            },
            "hash_mismatch",
            13);
    }

    [Fact]
    public void Verify_TwoRecordsSwapped_IsLocated()
    {
        AssertFirst(
            db =>
            {
                var (a, b) = (Read(db, 8), Read(db, 9));
                db.Execute("DELETE FROM audit_records WHERE sequence IN (8, 9)");
                Insert(db, b with { Sequence = 8 });
                Insert(db, a with { Sequence = 9 });
            },
            "hash_mismatch",
            8);
    }

    [Fact]
    public void Verify_TailCutOffBeforeTheLastCheckpoint_IsReportedTruncated() =>
        AssertFirst(db => db.Execute("DELETE FROM audit_records WHERE sequence > 33"), "truncated", 34);

    [Fact]
    public void Verify_RecordsRewrittenWithValidHashes_AreCaughtByTheCheckpoint()
    {
        var report = Tamper(db =>
        {
            var hasher = new ChainHasher();
            var previous = Read(db, 24).Hash;
            for (var s = 25; s <= Records; s++)
            {
                var record = Read(db, s) with { PreviousHash = previous };
                record = s == 25 ? record with { Action = "entry.granted", Outcome = "granted" } : record;
                record = record with { Hash = hasher.Compute(record) };
                db.Execute($"DELETE FROM audit_records WHERE sequence = {s}");
                Insert(db, record);
                previous = record.Hash;
            }
        });

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("checkpoint_mismatch", 21L), (problem.Code, problem.Sequence));
    }

    [Fact]
    public void Verify_CheckpointDeletedFromTheDatabase_IsStillHeldToTheSinkCopy()
    {
        var report = Tamper(db => db.Execute("DELETE FROM audit_records WHERE sequence > 30; DELETE FROM audit_checkpoints WHERE sequence > 30;"));

        Assert.Contains(report.Problems, p => p is { Code: "checkpoint_missing", Sequence: Records });
        Assert.Contains(report.Problems, p => p is { Code: "truncated", Sequence: 31 });
    }

    private void AssertFirst(Action<DbConnection> tamper, string code, long sequence)
    {
        var report = Tamper(tamper);
        Assert.False(report.Verified);
        Assert.Equal((code, sequence), (report.Problems[0].Code, report.Problems[0].Sequence));
    }

    private VerificationReport Tamper(Action<DbConnection> tamper)
    {
        using (var db = _server.OpenDatabase())
        {
            tamper(db);
        }

        return _server.Verify();
    }

    private static ChainRecord Read(DbConnection db, long sequence) =>
        DatabaseRecords.Read(db, sequence, sequence, withPersonal: false).Single().Record!;

    private static void Insert(DbConnection db, ChainRecord r)
    {
        using var command = db.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_records (sequence, format, recorded_at, category, action, actor_id, site_id, door_id, subject, outcome, data, personal_digest, previous_hash, hash)
            VALUES (@s, @f, @at, @c, @a, @actor, @site, @door, @subject, @outcome, @data, @digest, @previous, @hash)
            """;
        command.AddParameter("@s", r.Sequence);
        command.AddParameter("@f", r.Format);
        command.AddParameter("@at", DbValue.Instant(r.RecordedAtMicros));
        command.AddParameter("@c", r.Category);
        command.AddParameter("@a", r.Action);
        command.AddParameter("@actor", r.ActorId);
        command.AddParameter("@site", r.SiteId);
        command.AddParameter("@door", r.DoorId);
        command.AddParameter("@subject", r.Subject);
        command.AddParameter("@outcome", r.Outcome);
        command.AddParameter("@data", r.Data);
        command.AddParameter("@digest", r.PersonalDigest);
        command.AddParameter("@previous", r.PreviousHash);
        command.AddParameter("@hash", r.Hash);
        command.ExecuteNonQuery();
    }
}
