using GuestAccess.Server.Hosting;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GuestAccess.Server.IntegrationTests.Persistence;

/// <summary>The PostgreSQL twins of the migrations, run by the same runner against a real PostgreSQL.</summary>
public sealed class PostgreSqlMigrationTests : IDisposable
{
    private readonly PgDatabase _database = new();
    private readonly SchemaMigrator _migrator = new(NullLogger<SchemaMigrator>.Instance);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaMatchesTheEfModel()
    {
        await using (var connection = _database.Open())
        {
            await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);
        }

        using var modelDatabase = new PgDatabase();
        await using (var context = modelDatabase.Context())
        {
            await context.Database.EnsureCreatedAsync();
        }

        await using var migrated = _database.Open();
        await using var fromModel = modelDatabase.Open();
        var migratedSchema = PgSchemaInspector.Describe(migrated);
        var modelSchema = PgSchemaInspector.Describe(fromModel);
        Assert.True(
            migratedSchema.SetEquals(modelSchema),
            "Migrations and EF model disagree.\nOnly in migrations:\n  " + string.Join("\n  ", migratedSchema.Except(modelSchema))
            + "\nOnly in the model:\n  " + string.Join("\n  ", modelSchema.Except(migratedSchema)));
        Assert.Contains("column entry_events.occurred_at type=timestamp with time zone() nullable=NO identity=NO", migratedSchema);
        Assert.Contains("column bookings.status type=character varying(32) nullable=NO identity=NO", migratedSchema);
    }

    [Fact]
    public void Load_Migrations_AreTwinsOfTheSqliteOnes()
    {
        var postgres = Migration.Load(DatabaseProvider.PostgreSql);
        var sqlite = Migration.Load(DatabaseProvider.Sqlite);

        Assert.Equal(sqlite.Select(m => $"{m.Version:D4}_{m.Name}"), postgres.Select(m => $"{m.Version:D4}_{m.Name}"));
    }

    [Fact]
    public async Task Migrate_DatabaseCreatedAtVersion1WithRows_UpgradesToLatestKeepingEveryRow()
    {
        await using (var connection = _database.Open())
        {
            await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql, targetVersion: 1);
            Execute(connection, Version1Rows);
        }

        await using (var connection = _database.Open())
        {
            var result = await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);
            Assert.Equal(SchemaMigrator.LatestVersion(DatabaseProvider.PostgreSql), result.ToVersion);
        }

        await using var context = _database.Context();
        var site = await context.Sites.SingleAsync();
        Assert.Equal("Testbibliotek", site.Name);
        Assert.Equal(new TimeOnly(7, 0), site.WeeklyHours.Single().Start);
        var booking = await context.Bookings.SingleAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture), booking.Start);
        Assert.Equal(1, await context.Locks.CountAsync());
        Assert.Equal(1, await context.Users.CountAsync());
        Assert.Equal(1, await context.Set<Domain.Locks.LockController>().CountAsync());
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        await using var connection = _database.Open();
        var first = await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);
        var second = await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.ToVersion, second.FromVersion);
    }

    [Fact]
    public async Task Migrate_AppliedScriptWasEdited_RefusesNamingTheMigration()
    {
        await using var connection = _database.Open();
        await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);
        Execute(connection, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<StartupException>(() => _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql));

        Assert.Contains("0001_initial.sql was changed", error.Message);
    }

    [Fact]
    public async Task Migrate_FourServersAtOnce_EachMigrationAppliedOnce()
    {
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var connection = _database.Open();
            return await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, DatabaseProvider.PostgreSql);
        }));

        var results = await Task.WhenAll(runs);

        Assert.Equal(SchemaMigrator.LatestVersion(DatabaseProvider.PostgreSql), results.Sum(r => r.Applied.Count));
        Assert.Single(results, r => r.Applied.Count > 0);
        await using var check = _database.Open();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal((long)SchemaMigrator.LatestVersion(DatabaseProvider.PostgreSql), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrate_WhileAnotherSessionHoldsTheMigrationLock_WaitsForIt()
    {
        await using var holder = _database.Open();
        Execute(holder, $"SELECT pg_advisory_lock({SchemaMigrator.AdvisoryLockKey})");
        var migrate = Task.Run(async () =>
        {
            await using var connection = _database.Open();
            return await _migrator.MigrateAsync(connection, DatabaseProvider.PostgreSql);
        });

        await using (var probe = _database.Open())
        {
            // The migrator is blocked on the lock: it shows up as a session waiting for an advisory lock.
            await PgLocks.WaitForAdvisoryWaitersAsync(probe, 1);
            Assert.Equal(0, Scalar(probe, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'sites'"));
        }

        Execute(holder, $"SELECT pg_advisory_unlock({SchemaMigrator.AdvisoryLockKey})");
        var result = await migrate.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SchemaMigrator.LatestVersion(DatabaseProvider.PostgreSql), result.ToVersion);
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Rows written against the version-1 schema exactly as it shipped (the twin of MigrationTests'
    // SQLite rows); never update this to a later schema: it is what an old database looks like.
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
        VALUES ('55555555-5555-5555-5555-555555555555', 'Test Borger', '1970-01-01T00:00:00Z', 'b@example.org', 'B@EXAMPLE.ORG', 'b@example.org', 'B@EXAMPLE.ORG', true, false, false, true, 0);
        INSERT INTO bookings (id, site_id, room_id, citizen_id, start, "end", attendees, status, created_at, version)
        VALUES ('66666666-6666-6666-6666-666666666666', '11111111-1111-1111-1111-111111111111', '44444444-4444-4444-4444-444444444444',
                '55555555-5555-5555-5555-555555555555', '2026-11-24T17:00:00Z', '2026-11-24T19:00:00Z', 4, 'Confirmed', '1970-01-01T00:00:00Z', 0);
        """;
}
