using System.Diagnostics;
using Npgsql;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests of this process, no root service involved: the
/// Debian binaries (<c>initdb</c>, <c>pg_ctl</c>) create a cluster in a temporary directory and start
/// it listening only on a Unix socket in that directory (no TCP port, so nothing can collide with
/// another test run or a real server). PostgreSQL refuses to run as root, so as root the cluster
/// runs as the <c>postgres</c> user through <c>runuser</c>. A watchdog stops the cluster and deletes
/// it when the test process ends, however it ends. Durability is switched off (fsync,
/// synchronous_commit): the data is thrown away. Set <c>GUESTACCESS_TEST_POSTGRES</c> to an Npgsql
/// connection string to use an existing server instead.
/// </summary>
public static class PostgresCluster
{
    public const string EnvironmentVariable = "GUESTACCESS_TEST_POSTGRES";

    private static readonly Lazy<Cluster> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The administrative connection string (database <c>postgres</c>).</summary>
    public static string AdminConnectionString => Instance.Value.ConnectionString;

    /// <summary>Creates an empty database of its own and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "ga_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, ending its sessions.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    private static Cluster Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            return new Cluster(external);
        }

        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("guestaccess-pg-").FullName;
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", null, "postgres:postgres", root);
        }

        var user = asRoot ? "postgres" : null;
        Run(Path.Combine(bin, "initdb"), user, "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        var options = $"-k {root} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";
        Run(Path.Combine(bin, "pg_ctl"), user, "-D", data, "-l", Path.Combine(root, "log"), "-o", options, "-w", "-t", "60", "start");
        StartWatchdog(Path.Combine(bin, "pg_ctl"), user, root);
        return new Cluster($"Host={root};Port=5432;Username=postgres;Database=postgres;Pooling=True;Maximum Pool Size=20");
    }

    // A detached shell outlives this process by design: when the process ends (normally, killed or
    // crashed), it stops the cluster and deletes its directory, so no server or data is left behind.
    private static void StartWatchdog(string pgCtl, string? user, string root)
    {
        var stop = user is null ? $"'{pgCtl}'" : $"runuser -u {user} -- '{pgCtl}'";
        var script = $"exec </dev/null >/dev/null 2>&1; tail --pid={Environment.ProcessId} -f /dev/null; {stop} -D '{root}/data' -m immediate -w stop >/dev/null 2>&1; rm -rf '{root}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in new[] { "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)!.Dispose();
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToArray()
            : [];
        return versions.Length > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; ./build.sh deps does it), and GUESTACCESS_TEST_POSTGRES is not set.");
    }

    private static void Run(string program, string? user, params string[] arguments)
    {
        var start = new ProcessStartInfo(user is null ? program : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        if (user is not null)
        {
            foreach (var a in new[] { "-u", user, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private sealed record Cluster(string ConnectionString);
}

/// <summary>PostgreSQL lock observations for tests that prove who waits for whom.</summary>
public static class PgLocks
{
    /// <summary>Sessions waiting for an advisory lock.</summary>
    public static long AdvisoryWaiters(NpgsqlConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Waits (up to 30 s) until <paramref name="count"/> sessions wait for an advisory lock.</summary>
    public static async Task WaitForAdvisoryWaitersAsync(NpgsqlConnection connection, long count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (AdvisoryWaiters(connection) != count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
