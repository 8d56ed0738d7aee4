using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task RecordAsync_ManyConcurrentCallers_GetStrictlyConsecutiveSequencesAndTheChainVerifies()
    {
        await using var server = await TestServer.StartAsync();
        var trail = server.Trail();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => trail.RecordAsync(AuditTestData.Action(i)))));

        var sequences = receipts.Select(r => r.Sequence).Order().ToArray();
        Assert.Equal(Enumerable.Range((int)sequences[0], 500).Select(s => (long)s), sequences);
        await using var db = server.OpenDatabase();
        Assert.Equal(500, db.Scalar("SELECT COUNT(*) FROM audit_records WHERE action = 'site.renamed'"));
        Assert.Equal(db.Scalar("SELECT COUNT(*) FROM audit_records"), db.Scalar("SELECT MAX(sequence) FROM audit_records"));
        foreach (var receipt in receipts.Take(20))
        {
            Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_records WHERE sequence = {receipt.Sequence} AND hash = {AuditTestData.BytesLiteral(receipt.Hash)}"));
        }

        server.Verify().AssertVerified();
    }

    [Fact]
    public async Task RecordAsync_AfterARestart_ContinuesTheChainFromTheStoredHead()
    {
        var directory = Directory.CreateTempSubdirectory("guestaccess-audit-").FullName;
        try
        {
            AuditReceipt last;
            await using (var first = await TestServer.StartAsync(directory))
            {
                for (var i = 0; i < 3; i++)
                {
                    last = await first.Trail().RecordAsync(AuditTestData.Action(i));
                }
            }

            await using var second = await TestServer.StartAsync(directory);
            var next = await second.Trail().RecordAsync(AuditTestData.Action(3));

            await using var db = second.OpenDatabase();
            Assert.Equal(db.Scalar("SELECT COUNT(*) FROM audit_records"), next.Sequence);
            Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_records p JOIN audit_records n ON n.previous_hash = p.hash WHERE n.sequence = {next.Sequence} AND p.sequence = {next.Sequence - 1}"));
            second.Verify().AssertVerified();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Grant.Revoked")]
    [InlineData("revoked")]
    [InlineData("grant..revoked")]
    [InlineData("")]
    public async Task RecordAsync_MalformedAction_IsRefusedAndNothingIsStored(string action)
    {
        await using var server = await TestServer.StartAsync();
        await using var db = server.OpenDatabase();
        var before = db.Scalar("SELECT COUNT(*) FROM audit_records");

        await Assert.ThrowsAsync<ArgumentException>(() => server.Trail().RecordAsync(new AuditEntry(AuditCategory.Access, action)));

        Assert.Equal(before, db.Scalar("SELECT COUNT(*) FROM audit_records"));
    }

    [Fact]
    public async Task RecordAsync_WithPersonalPart_ChainsOnlyItsSaltedDigest()
    {
        await using var server = await TestServer.StartAsync();
        var guest = Guid.NewGuid();
        var entry = new AuditEntry(AuditCategory.Access, "grant.created")
        {
            ActorId = Guid.NewGuid(),
            Subject = $"grant:{Guid.NewGuid()}",
            Details = [new("doors", "2")],
            Personal = new AuditPersonal(AuditHolder.Guest(guest), [new("name", "Hans Håndværker")]),
        };

        var receipt = await server.Trail().RecordAsync(entry);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Server.Persistence.GuestAccessDb>();
        var record = await db.AuditRecords.SingleAsync(r => r.Sequence == receipt.Sequence);
        var personal = await db.AuditPersonalData.SingleAsync(p => p.Sequence == receipt.Sequence);
        Assert.Equal("""{"doors":"2"}""", record.Data);
        Assert.Equal(32, record.PersonalDigest!.Length);
        Assert.Equal(AuditHolder.Guest(guest), personal.Holder);
        Assert.Contains("Hans Håndværker", personal.Data);
        Assert.Equal(record.RecordedAt + TimeSpan.FromDays(182), personal.DeleteAfter);
        Assert.Equal(Server.Audit.Chain.PersonalDigest.Compute(personal.Salt!, personal.Holder, personal.Data!), record.PersonalDigest);
    }

    [Fact]
    public async Task WriterConnection_IsDurableAndOverwritesDeletedData()
    {
        await using var server = await TestServer.StartAsync();
        var database = server.Services.GetRequiredService<AuditDatabase>();
        using var store = AuditStore.Open(database.ConnectionString, database.Provider);
        if (database.Provider == Server.Persistence.DatabaseProvider.PostgreSql)
        {
            // The test cluster runs with synchronous_commit=off; the writer's session turns it back on.
            Assert.Equal("on", store.ExecuteScalar("SHOW synchronous_commit"));
            return;
        }

        Assert.Equal(2L, Convert.ToInt64(store.ExecuteScalar("PRAGMA synchronous"), System.Globalization.CultureInfo.InvariantCulture)); // FULL
        Assert.Equal(1L, Convert.ToInt64(store.ExecuteScalar("PRAGMA secure_delete"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("wal", store.ExecuteScalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Checkpoint_Forced_IsStoredPublishedToTheSinkAndVerifiesWithThePublicKey()
    {
        await using var server = await TestServer.StartAsync();
        var last = await server.Trail().RecordAsync(AuditTestData.Action(1));

        var checkpoint = await server.CheckpointAsync();

        Assert.Equal(last.Sequence, checkpoint.Sequence);
        var file = Path.Combine(server.DataDirectory, "audit-checkpoints", $"checkpoint-{checkpoint.Sequence:D12}.json");
        Assert.True(File.Exists(file));
        var keys = AuditPublicKeys.Read(Path.Combine(server.DataDirectory, "keys", "audit-public-keys.json"));
        var claims = CheckpointToken.Verify(Assert.Single(CheckpointSink.ReadTokens(Path.GetDirectoryName(file)!), t => t == checkpoint.Token), keys, out var failure);
        Assert.Null(failure);
        Assert.Equal(last.Hash, claims!.HeadHash);
        Assert.DoesNotContain("PRIVATE", File.ReadAllText(Path.Combine(server.DataDirectory, "keys", "audit-signing-key.json")), StringComparison.OrdinalIgnoreCase);
    }
}
