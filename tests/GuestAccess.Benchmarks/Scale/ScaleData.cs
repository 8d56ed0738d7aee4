using System.Globalization;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// A data directory with the seed (sites, rooms, demo accounts and clients, 33 locks) plus registered
/// lock controllers ("scale-lock-00001", one door each, spread over the seeded libraries) up to N in all, in
/// SQLite or PostgreSQL (<see cref="ScaleDatabase"/>). The server
/// provisions them when it starts in development mode with the embedded broker and writes the
/// provisioning bundle the simulator reads (simulator/provisioning.json).
/// </summary>
internal static class ScaleData
{
    /// <summary>A new data directory with the seed and the scale locks; with <paramref name="postgres"/> the database is there instead of a SQLite file.</summary>
    public static async Task<ScaleDatabase> CreateAsync(int locks, PostgresServer? postgres = null)
    {
        var database = new ScaleDatabase(Directory.CreateTempSubdirectory("ga-scale-").FullName, postgres);
        await ServerProcess.RunVerbAsync(database, "seed");
        await using var connection = database.OpenWrite();
        var sites = new List<object>();
        await using (var query = connection.Command("SELECT id FROM sites ORDER BY slug"))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sites.Add(reader.GetValue(0));
            }
        }

        // The seeded libraries' own locks count too: the benchmark's simulator reads one bundle (at most 10,000 locks).
        await using (var seeded = connection.Command("SELECT COUNT(*) FROM lock_controllers"))
        {
            locks -= Convert.ToInt32(await seeded.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 1; i <= locks; i++)
        {
            var site = sites[i % sites.Count];
            var doorId = database.Key(Guid.NewGuid());
            var slug = LockName(i);
            await using var door = connection.Command(
                "INSERT INTO doors (id, site_id, slug, name, kind, version) VALUES (@id, @site, @slug, @name, 'Room', 0)",
                ("id", doorId), ("site", site), ("slug", slug), ("name", $"Skala-dør {i}"));
            door.Transaction = transaction;
            await door.ExecuteNonQueryAsync();
            await using var controller = connection.Command(
                """
                INSERT INTO lock_controllers (id, site_id, door_id, device_id, lifecycle, connectivity, desired_version, applied_version, version)
                VALUES (@id, @site, @door, @device, 'Registered', 'Unknown', 0, 0, 0)
                """,
                ("id", database.Key(Guid.NewGuid())), ("site", site), ("door", doorId), ("device", slug));
            controller.Transaction = transaction;
            await controller.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return database;
    }

    public static string LockName(int i) => "scale-lock-" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static string BundlePath(string dataDirectory) => Path.Combine(dataDirectory, "simulator", "provisioning.json");
}
