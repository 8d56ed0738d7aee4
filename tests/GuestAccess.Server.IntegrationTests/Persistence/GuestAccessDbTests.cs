using GuestAccess.Domain.Sites;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Server.IntegrationTests.Persistence;

/// <summary>The model on a migrated database, on each provider (SQLite and PostgreSQL subclasses below).</summary>
public abstract class GuestAccessDbTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ITestDatabase _database = ITestDatabase.Create(provider);

    public async Task InitializeAsync()
    {
        await using var connection = _database.Open();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, provider);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SaveChanges_TwoWritersFromTheSameVersion_SecondGetsAConcurrencyConflict()
    {
        var id = await AddSiteAsync("konflikt");
        await using var first = _database.Context();
        await using var second = _database.Context();
        var a = await first.Sites.SingleAsync(s => s.Id == id);
        var b = await second.Sites.SingleAsync(s => s.Id == id);

        a.Rename("Første");
        await first.SaveChangesAsync();
        b.Rename("Anden");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = _database.Context();
        var stored = await check.Sites.SingleAsync(s => s.Id == id);
        Assert.Equal("Første", stored.Name);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task OpeningHours_RoundTrip_KeepsPeriodsExceptionsAndClosures()
    {
        var hours = new OpeningHours(
            new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
            {
                [DayOfWeek.Monday] = [new(new TimeOnly(7, 0), new TimeOnly(10, 0), OpeningKind.SelfService), new(new TimeOnly(10, 0), TimeOnly.MinValue, OpeningKind.Staffed)],
            },
            [new OpeningException(new DateOnly(2026, 12, 23), "Lillejuleaften", [new(new TimeOnly(8, 0), new TimeOnly(12, 0), OpeningKind.Staffed)])],
            HolidayClosures.PublicHolidays);
        var id = await AddSiteAsync("timer", hours);

        await using var context = _database.Context();
        var stored = (await context.Sites.AsNoTracking().SingleAsync(s => s.Id == id)).OpeningHours;

        Assert.True(stored.IsSameAs(hours));
    }

    [Fact]
    public async Task Instants_AreStoredWithMicrosecondPrecisionAndCompareInSql()
    {
        var id = await AddSiteAsync("tid");
        var door = new Domain.Doors.Door(Guid.NewGuid(), id, "tid-dor", "Dør", Domain.Doors.DoorKind.Entrance);
        var lockId = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero).AddTicks(12_345_67);
        await using (var context = _database.Context())
        {
            context.Doors.Add(door);
            context.Locks.Add(new Domain.Locks.LockController(lockId, id, door.Id, "tid-dor"));
            context.EntryEvents.Add(new Domain.Entries.EntryEvent(1, lockId, 1, id, door.Id, Domain.Entries.LockEventKind.Tamper, at, at.AddSeconds(1)));
            context.EntryEvents.Add(new Domain.Entries.EntryEvent(2, lockId, 2, id, door.Id, Domain.Entries.LockEventKind.Tamper, at.AddHours(-1), at));
            await context.SaveChangesAsync();
        }

        await using var read = _database.Context();
        var events = await read.EntryEvents.Where(e => e.OccurredAt >= at.AddMinutes(-1)).OrderBy(e => e.OccurredAt).ToListAsync();

        var single = Assert.Single(events);
        Assert.Equal(at.AddTicks(-(at.UtcTicks % 10)), single.OccurredAt); // truncated to whole microseconds
        Assert.Equal(TimeSpan.Zero, single.OccurredAt.Offset);
    }

    private async Task<Guid> AddSiteAsync(string slug, OpeningHours? hours = null)
    {
        await using var context = _database.Context();
        var site = new Site(Guid.NewGuid(), slug, slug, "Europe/Copenhagen");
        site.SetOpeningHours(hours ?? OpeningHours.Closed);
        context.Sites.Add(site);
        await context.SaveChangesAsync();
        return site.Id;
    }
}

public sealed class SqliteGuestAccessDbTests() : GuestAccessDbTests(DatabaseProvider.Sqlite);

public sealed class PostgreSqlGuestAccessDbTests() : GuestAccessDbTests(DatabaseProvider.PostgreSql);
