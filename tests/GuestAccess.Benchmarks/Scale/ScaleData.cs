using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// A data directory with the seed (sites, rooms, demo accounts and clients, 33 locks) plus registered
/// lock controllers ("scale-lock-00001", one door each, spread over the seeded libraries) up to N in all. The server
/// provisions them when it starts in development mode with the embedded broker and writes the
/// provisioning bundle the simulator reads (simulator/provisioning.json).
/// </summary>
internal static class ScaleData
{
    public static async Task<string> CreateAsync(int locks)
    {
        var directory = Directory.CreateTempSubdirectory("ga-scale-").FullName;
        await ServerProcess.RunVerbAsync(directory, "seed");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "guestaccess.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        var sites = new List<string>();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT id FROM sites ORDER BY slug";
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sites.Add(reader.GetString(0));
            }
        }

        // The seeded libraries' own locks count too: a bundle (and the dev server) holds at most 10,000 locks.
        await using (var seeded = connection.CreateCommand())
        {
            seeded.CommandText = "SELECT COUNT(*) FROM lock_controllers";
            locks -= Convert.ToInt32(await seeded.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var door = connection.CreateCommand();
        door.CommandText = "INSERT INTO doors (id, site_id, slug, name, kind, version) VALUES ($id, $site, $slug, $name, 'Room', 0)";
        await using var controller = connection.CreateCommand();
        controller.CommandText = """
            INSERT INTO lock_controllers (id, site_id, door_id, device_id, lifecycle, connectivity, desired_version, applied_version, version)
            VALUES ($id, $site, $door, $device, 'Registered', 'Unknown', 0, 0, 0)
            """;
        for (var i = 1; i <= locks; i++)
        {
            var site = sites[i % sites.Count];
            var doorId = Guid.NewGuid().ToString().ToUpperInvariant();
            var slug = LockName(i);
            door.Parameters.Clear();
            door.Parameters.AddWithValue("$id", doorId);
            door.Parameters.AddWithValue("$site", site);
            door.Parameters.AddWithValue("$slug", slug);
            door.Parameters.AddWithValue("$name", $"Skala-dør {i}");
            await door.ExecuteNonQueryAsync();
            controller.Parameters.Clear();
            controller.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
            controller.Parameters.AddWithValue("$site", site);
            controller.Parameters.AddWithValue("$door", doorId);
            controller.Parameters.AddWithValue("$device", slug);
            await controller.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return directory;
    }

    public static string LockName(int i) => "scale-lock-" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static string BundlePath(string dataDirectory) => Path.Combine(dataDirectory, "simulator", "provisioning.json");
}
