using GuestAccess.Server.Hosting;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Server.IntegrationTests.Persistence;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SchemaMigrator _migrator = new(NullLogger<SchemaMigrator>.Instance);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaMatchesTheEfModel()
    {
        await using (var connection = _database.Open())
        {
            await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);
        }

        using var modelDatabase = new TempDatabase();
        await using (var context = modelDatabase.Context())
        {
            await context.Database.EnsureCreatedAsync();
        }

        await using var migrated = _database.Open();
        await using var fromModel = modelDatabase.Open();
        var migratedSchema = SchemaInspector.Describe(migrated);
        var modelSchema = SchemaInspector.Describe(fromModel);
        Assert.True(
            migratedSchema.SetEquals(modelSchema),
            "Migrations and EF model disagree.\nOnly in migrations:\n  " + string.Join("\n  ", migratedSchema.Except(modelSchema))
            + "\nOnly in the model:\n  " + string.Join("\n  ", modelSchema.Except(migratedSchema)));
        Assert.Contains("table entry_events", migratedSchema);
    }

    [Fact]
    public async Task Migrate_DatabaseCreatedAtVersion1WithRows_UpgradesToLatestKeepingEveryRow()
    {
        await using (var connection = _database.Open())
        {
            await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite, targetVersion: 1);
            Execute(connection, Version1Rows);
        }

        await using (var connection = _database.Open())
        {
            var result = await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);
            Assert.Equal(SchemaMigrator.LatestVersion(DatabaseProvider.Sqlite), result.ToVersion);
        }

        await using var context = _database.Context();
        var site = await context.Sites.SingleAsync();
        Assert.Equal("Testbibliotek", site.Name);
        Assert.Equal(new TimeOnly(7, 0), site.WeeklyHours.Single().Start);
        var booking = await context.Bookings.SingleAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T17:00:00Z"), booking.Start);
        Assert.Equal(1, await context.Locks.CountAsync());
        Assert.Equal(1, await context.Users.CountAsync());
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        await using var connection = _database.Open();
        var first = await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);
        var second = await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.ToVersion, second.FromVersion);
    }

    [Fact]
    public async Task Migrate_SetsWriteAheadLogging()
    {
        await using var connection = _database.Open();
        await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Migrate_AppliedScriptWasEdited_RefusesNamingTheMigration()
    {
        await using var connection = _database.Open();
        await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);
        Execute(connection, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<StartupException>(() => _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite));

        Assert.Contains("0001_initial.sql was changed", error.Message);
    }

    [Fact]
    public async Task Migrate_DatabaseNewerThanServer_Refuses()
    {
        await using var connection = _database.Open();
        await _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite);
        Execute(connection, "INSERT INTO schema_migrations VALUES (999, 'future', 'x', '2030-01-01')");

        var error = await Assert.ThrowsAsync<StartupException>(() => _migrator.MigrateAsync(connection, DatabaseProvider.Sqlite));

        Assert.Contains("newer than this server", error.Message);
    }

    [Fact]
    public async Task Migrate_TwoMigratorsAtOnce_EachMigrationAppliedOnce()
    {
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var connection = _database.Open();
            return await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, DatabaseProvider.Sqlite);
        }));

        var results = await Task.WhenAll(runs);

        Assert.Equal(SchemaMigrator.LatestVersion(DatabaseProvider.Sqlite), results.Sum(r => r.Applied.Count));
        await using var check = _database.Open();
        using var command = check.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal((long)SchemaMigrator.LatestVersion(DatabaseProvider.Sqlite), command.ExecuteScalar());
    }

    [Fact]
    public void Load_Migrations_AreNumberedWithoutGaps()
    {
        var migrations = Migration.Load(DatabaseProvider.Sqlite);

        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("initial", migrations[0].Name);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Rows written against the version-1 schema exactly as it shipped; never update this to a
    // later schema: it is what an old database looks like.
    private const string Version1Rows = """
        INSERT INTO sites (id, slug, name, time_zone_id, minimum_age, holiday_closures, policy_max_active_bookings_per_citizen,
                           policy_key_grace_before, policy_key_grace_after, version)
        VALUES ('11111111-1111-1111-1111-111111111111', 'test', 'Testbibliotek', 'Europe/Copenhagen', 15, 1, 3, 900000, 900000, 0);
        INSERT INTO site_weekly_hours (site_id, day, start, "end", kind)
        VALUES ('11111111-1111-1111-1111-111111111111', 'Monday', '07:00:00', '22:00:00', 'SelfService');
        INSERT INTO doors (id, site_id, slug, name, kind, version)
        VALUES ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', 'test-hovedindgang', 'Hovedindgang', 'Entrance', 0);
        INSERT INTO lock_controllers (id, site_id, door_id, device_id, lifecycle, connectivity, desired_version, applied_version, version)
        VALUES ('33333333-3333-3333-3333-333333333333', '11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222',
                'test-hovedindgang', 'Registered', 'Unknown', 0, 0, 0);
        INSERT INTO rooms (id, site_id, slug, name, capacity, equipment, rules_min_duration, rules_max_duration, rules_slot_granularity,
                           rules_min_notice, rules_max_horizon, rules_bookable_hours, version)
        VALUES ('44444444-4444-4444-4444-444444444444', '11111111-1111-1111-1111-111111111111', 'test-sal', 'Sal', 20, 0,
                1800000, 14400000, 900000, 900000, 7776000000, 'AnyOpening', 0);
        INSERT INTO users (id, display_name, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                           phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
        VALUES ('55555555-5555-5555-5555-555555555555', 'Test Borger', 0, 'b@example.org', 'B@EXAMPLE.ORG', 'b@example.org', 'B@EXAMPLE.ORG', 1, 0, 0, 1, 0);
        INSERT INTO bookings (id, site_id, room_id, citizen_id, start, "end", attendees, status, created_at, version)
        VALUES ('66666666-6666-6666-6666-666666666666', '11111111-1111-1111-1111-111111111111', '44444444-4444-4444-4444-444444444444',
                '55555555-5555-5555-5555-555555555555', 1795539600000000, 1795546800000000, 4, 'Confirmed', 0, 0);
        """;
}
