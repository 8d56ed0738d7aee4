using System.Text;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Retention;
using GuestAccess.Server.Entries;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

public sealed class RetentionTests
{
    private readonly ManualClock _clock = new(AuditTestData.At);

    [Fact]
    public async Task Retention_AfterEachPeriod_DeletesThePersonalPartsAndTheLogStillVerifies()
    {
        await using var server = await TestServer.StartWithServicesAsync(s => s.AddSingleton<TimeProvider>(_clock), null);
        var marker = $"Hans Håndværker {Guid.NewGuid():N}";
        var lockId = (await server.LockIdsAsync(1))[0];
        var grantId = await AddGrantAsync(server, lockId);
        var entry = await server.Ingestor().IngestAsync(lockId, [new LockEventData(1, AuditTestData.At, LockEventKind.EntryAttempt)
        {
            Outcome = EntryOutcome.Granted, Method = EntryMethod.Pin, GrantId = grantId, CredentialId = Guid.NewGuid(),
        }]);
        Assert.Equal(1, entry.NewlyStored);
        var revoked = await server.Trail().RecordAsync(new AuditEntry(AuditCategory.Access, "grant.revoked")
        {
            Subject = $"grant:{grantId}",
            Personal = new AuditPersonal(AuditHolder.Guest(Guid.NewGuid()), [new("name", marker)]),
        });
        await server.CheckpointAsync();
        var retention = server.Services.GetRequiredService<IAuditRetention>();

        _clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await retention.RunAsync()).Deleted);

        _clock.Advance(TimeSpan.FromDays(2));
        var first = await retention.RunAsync();
        Assert.Equal((1, TestServer.Provider == DatabaseProvider.Sqlite), (first.Deleted, first.WalTruncated)); // PostgreSQL recycles its own WAL
        await using (var db = server.OpenDatabase())
        {
            Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM entry_events WHERE grant_id IS NOT NULL OR credential_id IS NOT NULL"));
            Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM audit_personal_data WHERE salt IS NULL AND data IS NULL AND holder IS NULL AND deleted_at IS NOT NULL"));
            Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_personal_data WHERE sequence = {revoked.Sequence} AND data IS NOT NULL"));
        }

        server.Verify().AssertVerified();

        _clock.Advance(TimeSpan.FromDays(152));
        Assert.Equal(1, (await retention.RunAsync()).Deleted);

        server.Verify().AssertVerified();
        await using (var db = server.OpenDatabase())
        {
            Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM audit_personal_data WHERE salt IS NOT NULL OR data IS NOT NULL OR holder IS NOT NULL"));
            Assert.Equal(2, db.Scalar("SELECT COUNT(*) FROM audit_records WHERE personal_digest IS NOT NULL"));
        }

        // SQLite: gone from the file itself, not only from query results: no page (live or free) and no WAL frame holds it.
        var needle = Encoding.UTF8.GetBytes(marker);
        foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "guestaccess.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} still holds the deleted personal data.");
        }
    }

    [Fact]
    public async Task Retention_BeforeDeletion_FindsThePersonalDataInTheFile()
    {
        // The control for the test above: without retention, the scan does find the data.
        await using var server = await TestServer.StartWithServicesAsync(s => s.AddSingleton<TimeProvider>(_clock), null);
        var marker = $"Hans Håndværker {Guid.NewGuid():N}";
        await server.Trail().RecordAsync(new AuditEntry(AuditCategory.Access, "grant.revoked") { Personal = new AuditPersonal(null, [new("name", marker)]) });
        await using (var db = server.OpenDatabase())
        {
            if (TestServer.Provider == DatabaseProvider.PostgreSql)
            {
                Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_personal_data WHERE data LIKE '%{marker}%'"));
                return;
            }

            db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var bytes = await File.ReadAllBytesAsync(server.DatabaseFile());
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0);
    }

    private static async Task<Guid> AddGrantAsync(TestServer server, Guid lockId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var controller = await db.Locks.SingleAsync(l => l.Id == lockId);
        var grant = AccessGrant.ByStaff(
            Guid.NewGuid(), controller.SiteId, HolderKind.Guest, Guid.NewGuid(), new TimeInterval(AuditTestData.At.AddDays(-1), AuditTestData.At.AddDays(1)),
            null, [controller.DoorId], Guid.NewGuid(), "Rengøring", AuditTestData.At.AddDays(-2));
        db.Grants.Add(grant);
        await db.SaveChangesAsync();
        return grant.Id;
    }
}
