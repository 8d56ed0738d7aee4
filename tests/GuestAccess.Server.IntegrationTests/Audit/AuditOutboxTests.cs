using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>
/// Keys' audit records are written in the change's own transaction (audit_outbox) and moved into
/// the chain by the audit writer: right after the commit, or at the next start after a crash.
/// </summary>
public sealed class AuditOutboxTests
{
    private static readonly Guid Staff = Guid.Parse("5a1f0000-0000-4000-8000-00000000a0d1");

    [Fact]
    public async Task Grant_AuditWriterRunning_RecordIsChainedWithTheSameContentAndTheOutboxEmpties()
    {
        await using var server = await TestServer.StartAsync();

        var grant = await CreateGrantAsync(server, "Opstilling til koncert");

        var record = await Await.UntilAsync(() => RecordAsync(server, grant.Id), r => r is not null, "the grant's audit record in the chain");
        Assert.Equal((AuditCategory.Access, Staff, grant.SiteId, "succeeded"), (record!.Category, record.ActorId, record.SiteId, record.Outcome));
        Assert.Contains(grant.Doors.Single().DoorId.ToString("D"), record.Data, StringComparison.Ordinal);
        var personal = await WithDbAsync(server, db => db.AuditPersonalData.AsNoTracking().SingleAsync(p => p.Sequence == record.Sequence));
        Assert.Equal(AuditHolder.Guest(grant.HolderId), personal.Holder);
        Assert.Contains("Opstilling til koncert", personal.Data, StringComparison.Ordinal);
        Assert.Equal(0, await OutboxCountAsync(server));
        server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Grant_AuditWriterStopped_RecordCommitsWithTheGrantAndIsChainedAtTheNextStart()
    {
        var directory = Directory.CreateTempSubdirectory("guestaccess-outbox-").FullName;
        try
        {
            Guid grantId;
            await using (var first = await TestServer.StartAsync(directory))
            {
                // The writer has stopped (as in a crash right after the grant's commit): the grant still succeeds.
                await first.Services.GetRequiredService<AuditWriter>().StopAsync(CancellationToken.None);

                grantId = (await CreateGrantAsync(first, "Efter nedbrud")).Id;

                Assert.Equal(1, await OutboxCountAsync(first));
                Assert.Null(await RecordAsync(first, grantId));
                await first.StopAsync();
            }

            await using var second = await TestServer.StartAsync(directory);
            var record = await Await.UntilAsync(() => RecordAsync(second, grantId), r => r is not null, "the start-up drain to chain the record");
            Assert.Equal("grant.created", record!.Action);
            Assert.Equal(0, await OutboxCountAsync(second));
            second.Verify().AssertVerified();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Stage_TransactionRolledBack_NothingReachesTheChain()
    {
        await using var server = await TestServer.StartAsync();
        var outbox = server.Services.GetRequiredService<IAuditOutbox>();

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
            await using var transaction = await KeyTransaction.BeginAsync(db, CancellationToken.None);
            outbox.Stage(db, new AuditEntry(AuditCategory.Access, "grant.revoked") { Subject = "grant:rolled-back", Outcome = "succeeded" });
            await db.SaveChangesAsync();
        }

        outbox.Committed();
        await server.Trail().RecordAsync(AuditTestData.Action(1)); // queued behind the drain: the drain has run when this returns

        Assert.Equal(0, await OutboxCountAsync(server));
        Assert.False(await WithDbAsync(server, db => db.AuditRecords.AnyAsync(a => a.Subject == "grant:rolled-back")));
        server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Stage_InvalidAction_ThrowsBeforeAnythingIsSaved()
    {
        await using var server = await TestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();

        Assert.Throws<ArgumentException>(() => server.Services.GetRequiredService<IAuditOutbox>().Stage(db, new AuditEntry(AuditCategory.Access, "Not A Code")));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    private static async Task<Domain.Grants.AccessGrant> CreateGrantAsync(TestServer server, string reason)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        return await scope.ServiceProvider.GetRequiredService<GrantService>().CreateAsync(
            Staff, SiteScope.Everything, new GuestDetails("Gæst", "+4520000000", null, null), null,
            new GrantCommand(["dokk1-hovedindgang"], new TimeInterval(now, now.AddDays(1)), null), reason, CancellationToken.None);
    }

    private static Task<AuditRecord?> RecordAsync(TestServer server, Guid grantId) =>
        WithDbAsync(server, db => db.AuditRecords.AsNoTracking().SingleOrDefaultAsync(a => a.Action == "grant.created" && a.Subject == $"grant:{grantId:D}"));

    private static Task<int> OutboxCountAsync(TestServer server) => WithDbAsync(server, db => db.Set<AuditOutboxRow>().CountAsync());

    private static async Task<T> WithDbAsync<T>(TestServer server, Func<GuestAccessDb, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GuestAccessDb>());
    }
}
