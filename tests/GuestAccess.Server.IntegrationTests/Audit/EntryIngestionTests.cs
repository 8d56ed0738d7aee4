using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Entries;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

public sealed class EntryIngestionTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ingest_NewEvents_StoresEachWithItsAuditRecordInOneChain()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];

        var result = await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(1, 2, 3));

        Assert.Equal([1L, 2, 3], result.Stored);
        Assert.Equal((3, 3L, 3L), (result.NewlyStored, result.ContiguousUpTo, result.HighestStored));
        Assert.Empty(result.Gaps);
        await using var db = _server.OpenDatabase();
        Assert.Equal(3, db.Scalar($"""
            SELECT COUNT(*) FROM entry_events e JOIN audit_records r ON r.sequence = e.audit_sequence
            WHERE e.lock_id = '{DbId(lockId)}' AND r.category = 'Entry' AND r.action = 'entry.denied'
              AND r.subject = 'lock-event:' || '{lockId:D}' || ':' || e.sequence AND r.site_id = e.site_id AND r.door_id = e.door_id
            """));
        _server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Ingest_FirstEventsOfManyLocksAtOnce_LooksTheLocksUpInOneQuery()
    {
        // A rush starts with every lock's first events together: one look-up per lock, each on a
        // connection of its own, exhausted PostgreSQL's connection pool.
        var lockIds = await _server.LockIdsAsync(20);

        var results = await Task.WhenAll(lockIds.Select(id => _server.Ingestor().IngestAsync(id, AuditTestData.Denied(1, 2))));

        Assert.All(results, r => Assert.Equal(2, r.NewlyStored));
        Assert.Equal(1, _server.Services.GetRequiredService<LockDirectory>().LockQueries);
        await using var db = _server.OpenDatabase();
        Assert.Equal(40, db.Scalar("SELECT COUNT(*) FROM entry_events"));
    }

    [Fact]
    public async Task Ingest_SameEventsAgain_StoresNothingTwiceAndReportsThemStored()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(1, 2, 3));

        var again = await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(2, 3, 4));

        Assert.Equal([2L, 3, 4], again.Stored);
        Assert.Equal(1, again.NewlyStored);
        Assert.Empty(again.Conflicting);
        await using var db = _server.OpenDatabase();
        Assert.Equal(4, db.Scalar($"SELECT COUNT(*) FROM entry_events WHERE lock_id = '{DbId(lockId)}'"));
        Assert.Equal(4, db.Scalar($"SELECT COUNT(*) FROM audit_records WHERE subject LIKE 'lock-event:{lockId:D}:%'"));
    }

    [Fact]
    public async Task Ingest_MissingSequences_AreReportedAsGapsUntilTheyArrive()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];

        var gappy = await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(1, 2, 5, 9));

        Assert.Equal((2L, 9L), (gappy.ContiguousUpTo, gappy.HighestStored));
        Assert.Equal([new SequenceGap(3, 4), new SequenceGap(6, 8)], gappy.Gaps);

        var filled = await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(3, 4, 6, 7, 8));

        Assert.Equal((9L, 9L), (filled.ContiguousUpTo, filled.HighestStored));
        Assert.Empty(filled.Gaps);
    }

    [Fact]
    public async Task Ingest_UnknownLock_RejectsEveryEventAndStoresNothing()
    {
        await using var db = _server.OpenDatabase();
        var before = db.Scalar("SELECT COUNT(*) FROM audit_records");

        var result = await _server.Ingestor().IngestAsync(Guid.NewGuid(), AuditTestData.Denied(1, 2));

        Assert.Empty(result.Stored);
        Assert.All(result.Rejected, r => Assert.Equal("unknown_lock", r.Code));
        Assert.Equal(2, result.Rejected.Count);
        Assert.Equal(before, db.Scalar("SELECT COUNT(*) FROM audit_records"));
    }

    [Fact]
    public async Task Ingest_InvalidEventAmongValidOnes_StoresTheValidOnes()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];
        var invalid = new LockEventData(2, AuditTestData.At, LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Denied, Method = EntryMethod.Pin };

        var result = await _server.Ingestor().IngestAsync(lockId, [AuditTestData.DeniedEvent(1), invalid, AuditTestData.DeniedEvent(3)]);

        Assert.Equal([1L, 3], result.Stored);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal((2L, "invalid_event"), (rejected.Sequence, rejected.Code));
        Assert.Equal([new SequenceGap(2, 2)], result.Gaps);
    }

    [Fact]
    public async Task Ingest_RedeliveryWithOtherContent_IsReportedAsConflictAndTheFirstVersionStands()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(1));
        var changed = AuditTestData.DeniedEvent(1) with { DenialReason = DenialReason.LockedOut };

        var result = await _server.Ingestor().IngestAsync(lockId, [changed]);

        Assert.Equal([1L], result.Stored);
        Assert.Equal([1L], result.Conflicting);
        await using var db = _server.OpenDatabase();
        Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM entry_events WHERE lock_id = '{DbId(lockId)}' AND denial_reason = 'WrongPin'"));
    }

    [Fact]
    public async Task Ingest_EntryWithAGrant_KeepsTheHolderAndIdsInThePersonalPartOnly()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];
        var (grantId, holder) = await AddGrantAsync(lockId);
        var granted = new LockEventData(1, AuditTestData.At, LockEventKind.EntryAttempt)
        {
            Outcome = EntryOutcome.Granted,
            Method = EntryMethod.MobileKey,
            GrantId = grantId,
            CredentialId = Guid.NewGuid(),
        };

        await _server.Ingestor().IngestAsync(lockId, [granted]);

        await using var db = _server.OpenDatabase();
        var sequence = db.Scalar($"SELECT audit_sequence FROM entry_events WHERE lock_id = '{DbId(lockId)}' AND sequence = 1");
        Assert.Equal(0, db.Scalar($"SELECT COUNT(*) FROM audit_records WHERE sequence = {sequence} AND (data LIKE '%{grantId:D}%' OR data LIKE '%{holder}%')"));
        Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM audit_personal_data WHERE sequence = {sequence} AND holder = '{AuditHolder.Guest(holder)}' AND data LIKE '%{grantId:D}%'"));
        _server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Ingest_ManyLocksConcurrentlyWithRedeliveries_StoresEveryEventOnceInOneValidChain()
    {
        var locks = await _server.LockIdsAsync(20);
        var calls = locks.SelectMany(lockId => Enumerable.Range(0, 10).Select(batch => (lockId, events: AuditTestData.Denied(
            Enumerable.Range(batch * 20 + 1, 20).Select(s => (long)s).Concat(batch > 0 ? [batch * 20L] : []).ToArray())))).ToArray();
        Random.Shared.Shuffle(calls);

        var results = await Task.WhenAll(calls.Select(c => Task.Run(() => _server.Ingestor().IngestAsync(c.lockId, c.events))));

        Assert.All(results, r => Assert.Empty(r.Rejected));
        Assert.Equal(20 * 200, results.Sum(r => r.NewlyStored));
        await using var db = _server.OpenDatabase();
        Assert.Equal(20 * 200, db.Scalar("SELECT COUNT(*) FROM entry_events"));
        Assert.Equal(20 * 200, db.Scalar("SELECT COUNT(*) FROM audit_records WHERE category = 'Entry'"));
        Assert.Equal(20 * 200, db.Scalar("SELECT COUNT(DISTINCT audit_sequence) FROM entry_events"));
        var final = await _server.Ingestor().IngestAsync(locks[0], []);
        Assert.Equal(200, final.ContiguousUpTo);
        _server.Verify().AssertVerified();
    }

    [Fact]
    public async Task Ingest_AfterARestart_StillKnowsTheStoredSequencesAndGaps()
    {
        var lockId = (await _server.LockIdsAsync(1))[0];
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(1, 2, 3, 7));
        await _server.StopAsync();

        await using var restarted = await TestServer.StartAsync(_server.DataDirectory);
        var result = await restarted.Ingestor().IngestAsync(lockId, AuditTestData.Denied(3, 8));

        Assert.Equal(1, result.NewlyStored);
        Assert.Equal((3L, 8L), (result.ContiguousUpTo, result.HighestStored));
        Assert.Equal([new SequenceGap(4, 6)], result.Gaps);
        restarted.Verify().AssertVerified();
    }

    private async Task<(Guid Grant, Guid Holder)> AddGrantAsync(Guid lockId)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var controller = await db.Locks.SingleAsync(l => l.Id == lockId);
        var holder = Guid.NewGuid();
        var grant = AccessGrant.ByStaff(
            Guid.NewGuid(), controller.SiteId, HolderKind.Guest, holder, new TimeInterval(AuditTestData.At.AddDays(-1), AuditTestData.At.AddDays(1)),
            null, [controller.DoorId], Guid.NewGuid(), "Rengøring", AuditTestData.At.AddDays(-2));
        db.Grants.Add(grant);
        await db.SaveChangesAsync();
        return (grant.Id, holder);
    }

    private static string DbId(Guid id) => id.ToString("D").ToUpperInvariant();
}
